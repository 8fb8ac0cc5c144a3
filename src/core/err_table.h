/*
 * err_table.h - every error a person can meet, one row each:
 *
 *   LF_ERR_MSG(key, English format, Simplified Chinese format)
 *
 * An X-macro file (no include guard): define LF_ERR_MSG, include it, undef.
 * err_table.c builds its index from it; nothing else should need to.
 *
 * key      stable: it never changes meaning once released (API clients and
 *          the pages may branch on it). Lower case, dotted: "area.what".
 *          Rewording the English or the Chinese keeps the key; a new
 *          meaning gets a new key.
 * English  exactly the format the code passes to lf_err_set() (or a reason
 *          passed through "%s"): the row is found by that text, so the
 *          call sites stay as they are. Two rows never share one.
 * Chinese  the same conversions in the same order (count and type;
 *          flags and widths may differ). "%-s" marks an argument that is a
 *          term (a role, a node kind, a status: err_labels.h) or an English
 *          message of this table: it is shown in Chinese. The field is not
 *          part of the message; the caller puts its label in front.
 *
 * tests/unit/core/err_table.c checks all of that, and that every literal
 * error text in src/ has its row here (scripts/err-formats.mjs lists them).
 */

/* ---- generic field checks --------------------------------------------- */
LF_ERR_MSG("field.required", "is required", "必填")
LF_ERR_MSG("field.empty", "must not be empty", "不能为空")
LF_ERR_MSG("field.too_long", "is too long", "过长")
LF_ERR_MSG("field.positive_number", "must be a positive number", "须为正整数")
LF_ERR_MSG("field.positive_integer", "must be a positive integer", "须为正整数")
LF_ERR_MSG("field.positive_whole", "must be a positive whole number", "须为正整数")
LF_ERR_MSG("field.whole_number", "must be a whole number", "须为整数")
LF_ERR_MSG("field.non_negative", "must be a non-negative number", "须为不小于 0 的整数")
LF_ERR_MSG("field.range", "must be a whole number from 0 to %lld", "须为 0 到 %lld 之间的整数")
LF_ERR_MSG("field.range_option", "must be a whole number from 0 to %ld",
           "须为 0 到 %ld 之间的整数")
LF_ERR_MSG("field.range_from_one", "must be 1 to %d", "须为 1 到 %d 之间的整数")
LF_ERR_MSG("file.empty", "is empty", "内容为空")
LF_ERR_MSG("record.not_found", "does not exist", "不存在")
LF_ERR_MSG("code.in_use", "is already in use", "已被占用")
LF_ERR_MSG("decision.already_made", "has already been decided",
           "已审核过（可能其他工作人员已处理），请刷新后查看")

/* ---- JSON bodies and requests (http/json.c, server.c) ------------------ */
LF_ERR_MSG("json.empty", "is empty; expected a JSON object", "为空，应为 JSON 对象")
LF_ERR_MSG("json.syntax", "is not valid JSON (%s at position %d)",
           "不是有效的 JSON（%s，位置 %d）")
LF_ERR_MSG("json.not_object", "must be a JSON object", "须为 JSON 对象")
LF_ERR_MSG("json.item_not_object", "must be an object", "须为对象")
LF_ERR_MSG("json.string", "must be a string", "须为文本")
LF_ERR_MSG("json.nul", "must not contain NUL characters", "不能包含空字符")
LF_ERR_MSG("json.too_long", "is too long (at most %zu bytes)", "过长（最多 %zu 字节）")
LF_ERR_MSG("json.boolean", "must be true or false", "须为“是”或“否”")
LF_ERR_MSG("json.boolean_required", "is required (true or false)", "必填（是或否）")
LF_ERR_MSG("json.unknown_member", "is not a known member", "不是该接口接受的字段")
LF_ERR_MSG("json.int_range", "must be a whole number from %lld to %lld",
           "须为 %lld 到 %lld 之间的整数")
LF_ERR_MSG("json.one_of", "must be one of these values: %s", "须为以下取值之一：%s")
LF_ERR_MSG("json.array", "must be an array", "须为列表")
LF_ERR_MSG("json.number_or_text", "must be a number or a text", "须为数字或文本")
LF_ERR_MSG("json.too_big", "is a number too large", "数值过大")
LF_ERR_MSG("json.date", "must be a date written YYYY-MM-DD, such as 2026-02-03",
           "须为 YYYY-MM-DD 格式的日期，如 2026-02-03")
LF_ERR_MSG("json.time", "must be a time such as 2026-02-03T08:00 or 2026-02-03T08:00+08:00",
           "须为 2026-02-03T08:00（北京时间）或 2026-02-03T08:00+08:00 格式的时间")
LF_ERR_MSG("http.method", "is not allowed on this path", "不支持此请求方法")
LF_ERR_MSG("http.no_endpoint", "no such API endpoint", "没有该接口")
LF_ERR_MSG("http.body_too_large", "is larger than this endpoint accepts", "过大")

/* ---- the server itself -------------------------------------------------- */
LF_ERR_MSG("server.internal", "internal error", "服务器内部错误")
LF_ERR_MSG("server.busy", "server is busy, try again shortly", "服务器繁忙，请稍后重试")
LF_ERR_MSG("server.trusted_proxy",
           "must be addresses or ADDR/BITS prefixes separated by commas (at most 32)",
           "须为以逗号分隔的地址或 地址/位数 前缀（最多 32 个）")
LF_ERR_MSG("rate.id_number",
           "too many requests for this ID number (at most %u in %u s); try again in %u s",
           "该身份证号的请求过于频繁（上限 %u 次/%u 秒），请 %u 秒后重试")
LF_ERR_MSG("rate.account",
           "too many logins for this account (at most %u in %u s); try again in %u s",
           "该账号登录过于频繁（上限 %u 次/%u 秒），请 %u 秒后重试")
LF_ERR_MSG("rate.address",
           "too many requests from this address (at most %u in %u s); try again in %u s",
           "该地址的请求过于频繁（上限 %u 次/%u 秒），请 %u 秒后重试")
LF_ERR_MSG("server.out_of_memory", "out of memory", "服务器内存不足")
LF_ERR_MSG("server.encode", "response too large to encode", "响应内容过大，无法生成")
LF_ERR_MSG("server.temp_file", "cannot create a temporary file", "无法创建临时文件")
LF_ERR_MSG("server.threads", "cannot start threads", "无法启动线程")
LF_ERR_MSG("server.listen_format", "must be HOST:PORT, e.g. 127.0.0.1:8080 or [::1]:8080",
           "须为 主机:端口，如 127.0.0.1:8080 或 [::1]:8080")
LF_ERR_MSG("server.listen", "cannot listen on %s: %s", "无法监听 %s：%s")
LF_ERR_MSG("qr.make", "cannot make the QR code", "无法生成二维码")
LF_ERR_MSG("qr.draw", "cannot draw the QR code", "无法绘制二维码")

/* ---- the store ---------------------------------------------------------- */
LF_ERR_MSG("store.conflict", "conflicts with existing data", "与现有数据冲突")
LF_ERR_MSG("store.busy", "database is busy, try again", "数据库繁忙，请重试")
LF_ERR_MSG("store.disk_full", "disk is full", "服务器磁盘已满")
LF_ERR_MSG("store.error", "database error", "数据库错误")
LF_ERR_MSG("store.migration", "migration %s failed", "数据库升级 %s 失败")
LF_ERR_MSG("store.cannot_open", "cannot open database %s", "无法打开数据库 %s")
LF_ERR_MSG("store.not_lianfang", "%s is not a lianfang database (run lianfang init)",
           "%s 不是联防数据库（请先运行 lianfang init）")
LF_ERR_MSG("store.batch_failed", "a write committed with this one failed, try again",
           "同批提交的另一项写入失败，请重试")
LF_ERR_MSG("store.integrity", "integrity check failed", "数据库完整性检查未通过")
LF_ERR_MSG("store.table_name", "not a table name", "不是数据表名")
LF_ERR_MSG("store.newer_schema",
           "%s has schema %d, newer than this program's %d: use a newer lianfang",
           "%s 的数据库结构版本为 %d，比本程序的 %d 新：请使用更新的 lianfang")
LF_ERR_MSG("store.older_schema",
           "%s has schema %d, older than this program's %d (lianfang serve upgrades it)",
           "%s 的数据库结构版本为 %d，比本程序的 %d 旧（lianfang serve 会升级它）")
LF_ERR_MSG("store.copy_exists", "%s exists; give a new file", "%s 已存在；请指定一个新文件")
LF_ERR_MSG("store.cannot_open_file", "cannot open %s", "无法打开 %s")
LF_ERR_MSG("store.cannot_create_file", "cannot create %s", "无法创建 %s")
LF_ERR_MSG("store.backup", "backup: %s", "备份失败：%s")
LF_ERR_MSG("store.copying", "copying %s: %s", "复制 %s 时出错：%s")
LF_ERR_MSG("store.closing", "closing %s", "关闭 %s 时出错")
LF_ERR_MSG("store.not_empty",
           "the database has tables; restore into a new, empty one (createdb)",
           "该数据库中已有数据表；请恢复到一个新建的空数据库（createdb）")

/* ---- PostgreSQL --------------------------------------------------------- */
LF_ERR_MSG("pg.settings", "cannot read the server's settings: %s", "无法读取服务器设置：%s")
LF_ERR_MSG("pg.not_durable",
           "the PostgreSQL server has %s=off, so a commit it acknowledges may be lost; "
           "turn %s on in postgresql.conf",
           "PostgreSQL 服务器的 %s=off，已确认的提交可能丢失；请在 postgresql.conf 中打开 %s")
LF_ERR_MSG("pg.connect", "cannot connect to PostgreSQL at %s:%s: %s",
           "无法连接 PostgreSQL（%s:%s）：%s")
LF_ERR_MSG("pg.encoding", "the server does not speak UTF-8", "服务器不支持 UTF-8 编码")
LF_ERR_MSG("pg.tool_missing", "cannot run %s: %s (apt-get install postgresql-client)",
           "无法运行 %s：%s（请安装 postgresql-client）")
LF_ERR_MSG("pg.tool_wait", "waiting for %s: %s", "等待 %s 时出错：%s")
LF_ERR_MSG("pg.tool_failed", "%s failed (%s %d); its message is above",
           "%s 运行失败（%s %d）；原因见上方输出")

/* ---- the command line --------------------------------------------------- */
LF_ERR_MSG("cli.db_exists", "%s exists; give --force to replace it",
           "%s 已存在；加 --force 可替换")
LF_ERR_MSG("cli.already_initialised", "%s is already initialised", "%s 已经初始化过")
LF_ERR_MSG("cli.not_initialised", "%s is not initialised (run lianfang init)",
           "%s 尚未初始化（请先运行 lianfang init）")
LF_ERR_MSG("cli.cannot_open", "cannot open %s: %s", "无法打开 %s：%s")
LF_ERR_MSG("cli.bad_secret", "the stored secret is malformed", "数据库中保存的密钥已损坏")
LF_ERR_MSG("cli.no_rows", "the file has no rows", "文件中没有数据行")
LF_ERR_MSG("demo.no_towns", "has no towns below it", "下级没有乡镇街道")
LF_ERR_MSG("demo.needs_days", "needs --days of movement", "需要用 --days 给出活动天数")

/* ---- log in, sessions, rights (auth.c, scope.c, dispatch.c) ------------- */
LF_ERR_MSG("auth.bad_credentials", "username or password is wrong", "用户名或密码错误")
LF_ERR_MSG("auth.locked",
           "account is locked after %d failed logins; try again in %lld minutes",
           "账户已锁定：连续 %d 次登录失败，请 %lld 分钟后再试")
LF_ERR_MSG("auth.login_required", "please log in", "请先登录")
LF_ERR_MSG("auth.disabled", "account is disabled", "账户已停用")
LF_ERR_MSG("auth.session_expired", "session expired, please log in again",
           "登录已过期，请重新登录")
LF_ERR_MSG("auth.crypto", "crypto library unavailable", "加密库不可用")
LF_ERR_MSG("auth.csrf", "is missing or wrong; reload the page", "缺失或错误，请刷新页面后重试")
LF_ERR_MSG("auth.session_kind", "must be \"cookie\" or \"token\"", "须为 cookie 或 token")
LF_ERR_MSG("scope.role", "your role (%s) may not do this", "您的角色（%-s）无权执行此操作")
LF_ERR_MSG("scope.outside", "is outside your jurisdiction", "超出您的辖区范围")

/* ---- accounts (user.c) -------------------------------------------------- */
LF_ERR_MSG("user.name_length", "must be 3 to 32 characters", "须为 3 到 32 个字符")
LF_ERR_MSG("user.name_start", "must start with a lower-case letter", "须以小写字母开头")
LF_ERR_MSG("user.name_chars", "may hold only a-z, 0-9, '_', '.' and '-'",
           "只能包含小写字母、数字和 _ . -")
LF_ERR_MSG("user.name_taken", "is already taken", "已被占用")
LF_ERR_MSG("user.role_unknown", "is not a known role", "不是已知的角色")
LF_ERR_MSG("user.role_reserved", "is reserved for the command line", "仅限命令行使用")
LF_ERR_MSG("user.role_node", "a %s is bound to a %s, not a %s",
           "%-s须绑定到%-s，而不是%-s")
LF_ERR_MSG("user.patch_empty", "give \"disabled\" or \"password\"",
           "请给出 disabled（停用）或 password（新密码）")
LF_ERR_MSG("user.disable_self", "you cannot disable yourself", "不能停用自己的账户")
LF_ERR_MSG("password.too_long", "must be at most %d bytes", "最多 %d 字节")
LF_ERR_MSG("password.too_short", "must be at least %d characters", "至少 %d 个字符")
LF_ERR_MSG("password.weak", "must mix three of: lower case, upper case, digits, other",
           "须包含小写字母、大写字母、数字、其他符号中的至少三类")
LF_ERR_MSG("password.hash", "cannot hash the password", "无法计算密码的哈希值")

/* ---- the jurisdiction tree and the division table (node.c, division.c) -- */
LF_ERR_MSG("node.code_format", "must be a division code of 2, 4, 6, 9, 12 or 15 digits",
           "须为 2、4、6、9、12 或 15 位数字的区划编码")
LF_ERR_MSG("node.kind", "must be \"community\" or \"grid\"", "须为“村社区”或“网格”")
LF_ERR_MSG("node.wrong_parent", "a %s belongs under a %s, not a %s",
           "%-s应隶属于%-s，而不是%-s")
LF_ERR_MSG("node.name_taken", "%s already has a %s of this name", "%s 下已有同名%-s")
LF_ERR_MSG("node.name_taken_child", "%s already has a child of this name",
           "%s 下已有同名节点")
LF_ERR_MSG("node.child_code", "must be the parent's code followed by 3 digits (001-999)",
           "须为上级编码加 3 位数字（001–999）")
LF_ERR_MSG("node.codes_exhausted", "has no free codes left (999 children)",
           "下级编码已用完（最多 999 个）")
LF_ERR_MSG("node.official_name", "is a national division; its name is official",
           "国家行政区划的名称不能修改")
LF_ERR_MSG("node.import_encoding", "is not UTF-8 (GBK?): save it as CSV UTF-8 and try again",
           "不是 UTF-8 编码（可能是 GBK）：请在 Excel/WPS 中另存为“CSV UTF-8”后重试")
LF_ERR_MSG("node.import_header", "header must name the columns kind, name and parent",
           "表头须包含 类型、名称、上级编码 三列（或 kind、name、parent）")
LF_ERR_MSG("node.public_level", "only towns and above are listed publicly",
           "只公开乡镇街道及以上的节点")
LF_ERR_MSG("division.cannot_read", "cannot read %s", "无法读取 %s")
LF_ERR_MSG("division.no_header", "%s has no header", "%s 没有表头")
LF_ERR_MSG("division.file_line", "%s:%ld: %s", "%s 第 %ld 行：%-s")
LF_ERR_MSG("division.line_format", "line %ld: expected code,name", "第 %ld 行：应为 编码,名称")
LF_ERR_MSG("division.level", "must be a 4-digit city or 6-digit county code",
           "须为 4 位市级或 6 位县级区划编码")
LF_ERR_MSG("division.digits", "must be digits", "须为数字")
LF_ERR_MSG("division.unknown", "%s is not in the national division table",
           "%s 不在国家行政区划表中")
LF_ERR_MSG("division.not_a_code", "is not a division code", "不是有效的区划编码")

/* ---- ID numbers, phones, plates, temperatures, dates, text (validate.c) - */
LF_ERR_MSG("id_number.length", "must be 18 characters (15 digits for an old number), got %zu",
           "须为 18 位（旧版 15 位），现为 %zu 位")
LF_ERR_MSG("id_number.last_char", "last character must be a digit or X", "最后一位须为数字或 X")
LF_ERR_MSG("id_number.digit", "character %zu must be a digit", "第 %zu 位须为数字")
LF_ERR_MSG("id_number.birth_future", "birth date is in the future", "出生日期晚于今天")
LF_ERR_MSG("id_number.check_digit", "check digit does not match, expected %c",
           "校验位不符（按前 17 位应为 %c），请核对号码是否抄错")
LF_ERR_MSG("phone.chars", "must contain only digits, spaces and dashes",
           "只能包含数字、空格和短横线")
LF_ERR_MSG("phone.format", "must be 11 digits starting with 1", "须为 1 开头的 11 位手机号")
LF_ERR_MSG("phone.mainland", "must be a mainland number (+86)", "须为中国大陆手机号（+86）")
LF_ERR_MSG("plate.province", "must start with a province character such as 京 or 粤",
           "须以省份简称开头，如 京 或 粤")
LF_ERR_MSG("plate.office_missing", "office letter and number are missing",
           "缺少发牌机关代号和号码")
LF_ERR_MSG("plate.office_letter", "second character must be the office letter A-Z",
           "第 2 位须为发牌机关代号 A–Z")
LF_ERR_MSG("plate.chars", "must be letters and digits after the province character",
           "省份简称后须为字母和数字")
LF_ERR_MSG("plate.length",
           "must have 5 letters or digits after the office letter (6 on a new-energy plate)",
           "发牌机关代号后须为 5 位字母或数字（新能源车牌为 6 位）")
LF_ERR_MSG("plate.letters_io", "letters I and O are never used on plates",
           "车牌不使用字母 I 和 O")
LF_ERR_MSG("plate.new_energy",
           "a new-energy plate has D or F first (small cars) or last (large vehicles)",
           "新能源车牌的 D 或 F 在首位（小型车）或末位（大型车）")
LF_ERR_MSG("temperature.number", "must be a number", "须为数字")
LF_ERR_MSG("temperature.fahrenheit", "must be in °C from 34.0 to 43.0, %g looks like °F",
           "请按摄氏度（°C）填写，须在 34.0–43.0 之间（%g 像是华氏度）")
LF_ERR_MSG("temperature.range", "must be from 34.0 to 43.0 °C, got %g",
           "须在 34.0–43.0 °C 之间（填写了 %g）")
LF_ERR_MSG("temperature.format", "must be a number such as 36.5", "须为数字，如 36.5")
LF_ERR_MSG("temperature.celsius", "must be a number of °C", "须为摄氏度数值，如 36.5")
LF_ERR_MSG("date.year", "%syear %d is %s %d", "%-s年份 %d %-s %d 年")
LF_ERR_MSG("date.month", "%smonth %d does not exist", "%-s月份 %d 不存在")
LF_ERR_MSG("date.day", "%sdate %04d-%02d-%02d does not exist", "%-s日期 %04d-%02d-%02d 不存在")
LF_ERR_MSG("date.format", "must be a date such as 2022-02-02", "须为日期，如 2022-02-02")
LF_ERR_MSG("date.in_future", "is in the future", "不能晚于今天")
LF_ERR_MSG("date.not_future", "must not be in the future", "不能晚于今天")
LF_ERR_MSG("time.invalid", "time %02d:%02d:%02d does not exist", "时间 %02d:%02d:%02d 不存在")
LF_ERR_MSG("time.format", "must be a date and time such as 2022-02-02 08:00",
           "须为日期和时间，如 2022-02-02 08:00")
LF_ERR_MSG("time.from_after_to", "must be before to", "须早于结束时间")
LF_ERR_MSG("time.to_before_from", "must not be before from", "不能早于开始时间")
LF_ERR_MSG("time.window", "must be after from_utc", "须晚于开始时间")
LF_ERR_MSG("text.encoding", "must be valid UTF-8 text", "不是有效的 UTF-8 文本")
LF_ERR_MSG("text.bad_encoding", "is not valid UTF-8", "不是有效的 UTF-8 文本")
LF_ERR_MSG("text.control", "must not contain control characters", "不能包含控制字符")
LF_ERR_MSG("text.too_long", "must be at most %u characters, got %zu",
           "最多 %u 个字符（现有 %zu 个）")
LF_ERR_MSG("text.max_chars", "must be at most %d characters", "最多 %d 个字符")

/* ---- the ledger, its import and export (ledger*.c, h_ledger.c) ---------- */
LF_ERR_MSG("grid.code_format", "must be the code of a grid (15 digits)",
           "须为网格编码（15 位数字）")
LF_ERR_MSG("ledger.grid_kind", "must be a grid (网格), not a %s", "须为网格，而不是%-s")
LF_ERR_MSG("ledger.sex", "must be 0 (unknown), 1 (male), 2 (female) or 9 (not stated)",
           "须为 未知、男、女 或 未说明")
LF_ERR_MSG("ledger.sex_code", "must be 0, 1, 2 or 9", "须为 未知、男、女 或 未说明")
LF_ERR_MSG("ledger.id_number_taken", "is already registered for another person",
           "已登记为另一人，同一身份证号不能重复登记")
LF_ERR_MSG("import.sex", "must be 男, 女, 1, 2 or 9", "须为 男、女、1、2 或 9")
LF_ERR_MSG("import.encoding",
           "is not UTF-8 (GBK?): in Excel or WPS save it as \"CSV UTF-8\" and try again",
           "不是 UTF-8 编码（可能是 GBK）：请在 Excel/WPS 中另存为“CSV UTF-8”后重试")
LF_ERR_MSG("import.header_column", "the header needs the column %s (%s)",
           "表头缺少“%s”列（%s）")
LF_ERR_MSG("export.format", "must be csv, csv-gb18030 or xlsx",
           "须为 CSV（UTF-8）、CSV（GB18030）或 Excel")
LF_ERR_MSG("export.format_short", "must be csv or xlsx", "须为 CSV 或 Excel")
LF_ERR_MSG("export.what", "must be persons or households", "须为 人员 或 住户")
LF_ERR_MSG("export.unmasked", "an unmasked export needs the administrator's command line",
           "不打码的导出只能由系统管理员在命令行进行")
LF_ERR_MSG("export.too_large", "the export is too large", "导出内容过大")
LF_ERR_MSG("export.too_large_node", "the export is too large; narrow the node",
           "导出内容过大，请选择下级单位分别导出")
LF_ERR_MSG("ledger.transfer_inside", "is inside your jurisdiction: move the person instead",
           "在本辖区内，请用“迁移”而不是“迁出”")
LF_ERR_MSG("ledger.transfer_pending", "already has a transfer waiting (%lld)",
           "已有一条待接收的迁出申请（编号 %lld）")
LF_ERR_MSG("transfer.household_outside", "must be a household of %s",
           "须为 %s 辖区内的住户")
LF_ERR_MSG("transfer.decided", "is already decided", "已经处理过")
LF_ERR_MSG("ledger.household_members", "has %ld members: move or delete them first",
           "还有 %ld 名成员，请先迁移或删除这些人员")
LF_ERR_MSG("transfer.status", "must be pending or empty", "须为 pending 或不填")
LF_ERR_MSG("export.what_template", "must be persons, households or template",
           "须为 人员、住户 或 模板")
LF_ERR_MSG("import.scientific",
           "Excel turned it into a number (%s) and lost its last digits: format the column as text and type the numbers again",
           "被 Excel 变成了数字（%s），末几位已丢失：请把该列设为“文本”格式后重新填写号码")
LF_ERR_MSG("import.masked_changed",
           "is masked (*) and does not match the record: type the whole number, or leave the cell as exported",
           "是打码的号码（含 *），且与原记录不符：请填写完整号码，或保持导出时的内容")
LF_ERR_MSG("import.masked_no_key",
           "is masked (*): keep the 编号 column of the export so the row can be matched, or type the whole number",
           "是打码的号码（含 *）：请保留导出表中的“编号”列以便对应到原人员，或填写完整号码")
LF_ERR_MSG("import.unreadable", "cannot be read: %s", "无法读取：%s")
LF_ERR_MSG("import.same_person", "is the same person as line %d of this file",
           "与本文件第 %d 行是同一人")
LF_ERR_MSG("auth.password_wrong", "is wrong", "不正确")
LF_ERR_MSG("csv.nul", "contains a NUL byte (a UTF-16 file must be saved as UTF-8 CSV)",
           "含有空字符：UTF-16 编码的文件请在 Excel/WPS 中另存为“CSV UTF-8”")
LF_ERR_MSG("csv.row_too_long", "row is longer than 65536 bytes", "这一行过长（超过 64 KB）")
LF_ERR_MSG("csv.too_many_fields", "row has more than 64 fields", "这一行超过 64 列")
LF_ERR_MSG("csv.unclosed_quote", "quoted field is not closed", "引号没有闭合")
LF_ERR_MSG("csv.text_after_quote", "text after a closing quote", "引号后还有多余的文字")

/* ---- screening rounds and visits (screening.c) -------------------------- */
LF_ERR_MSG("round.already_open", "already has an open round (%s)",
           "已有进行中的排查轮次（%s），请先结束本轮")
LF_ERR_MSG("round.none_open", "no screening round is open here",
           "当前没有进行中的排查轮次，请联系乡镇街道或指挥部开启")
LF_ERR_MSG("round.none", "no screening round", "没有排查轮次")
LF_ERR_MSG("round.closed", "is not open", "已经结束")
LF_ERR_MSG("round.outcome", "must be visited, nobody_home, empty or refused",
           "须为 已走访、无人在家、空置房 或 拒绝配合")
LF_ERR_MSG("round.by", "must be \"grid\" or absent", "须为 grid 或不填")

/* ---- arrivals and self-reports (arrival.c, h_arrival.c) ----------------- */
LF_ERR_MSG("arrival.community_code", "must be the code of a community (12 digits)",
           "须为村（社区）编码（12 位数字）")
LF_ERR_MSG("arrival.not_community", "is not a community", "不是村（社区）")
LF_ERR_MSG("arrival.origin", "give where you came from (a place or a division code)",
           "请填写从哪里来（地名或区划编码）")
LF_ERR_MSG("arrival.too_old", "is more than %d days ago", "已超过 %d 天")
LF_ERR_MSG("arrival.reason_required", "is required to reject a report",
           "驳回时须填写理由，以便告知报备人")
LF_ERR_MSG("arrival.status", "must be pending, confirmed or rejected",
           "须为 待审核、已确认 或 已驳回")
LF_ERR_MSG("arrival.days", "must be a number of days from 1 to %d", "须为 1 到 %d 之间的天数")

/* ---- venue codes and scans (venue.c, scan.c) ---------------------------- */
LF_ERR_MSG("venue.not_found", "no such venue", "没有该场所")
LF_ERR_MSG("venue.code_not_found", "no such venue code", "没有该场所码")
LF_ERR_MSG("venue.not_approved", "venue is not approved", "场所尚未通过审核")
LF_ERR_MSG("venue.not_yours", "is not a venue you applied for", "不是您申请的场所")
LF_ERR_MSG("venue.type", "must be one of %s", "请从列表中选择场所类型（%s）")
LF_ERR_MSG("venue.node_kind", "must be the code of a town, community or grid",
           "须为乡镇（街道）、村（社区）或网格")
LF_ERR_MSG("venue.duplicate", "this venue at this address is already applied for or approved",
           "该地址的同名场所已提交申请或已通过审核，请勿重复申请")
LF_ERR_MSG("venue.no_code_yet", "is not approved; it has no code yet",
           "尚未通过审核，还没有场所码")
LF_ERR_MSG("venue.reason_required", "is required to reject an application",
           "驳回时须填写理由")
LF_ERR_MSG("venue.status", "must be applied, approved or rejected",
           "须为 待审核、已通过 或 未通过")
LF_ERR_MSG("venue.decision", "must be approve or reject", "须为“通过”或“驳回”")
LF_ERR_MSG("scan.too_old", "is older than the %d-day retention", "早于 %d 天的保存期限")
LF_ERR_MSG("scan.batch_size", "at most %d scans in one batch", "每批最多 %d 条扫码记录")
LF_ERR_MSG("scan.venue_id", "must be a venue id", "须为场所编号")
LF_ERR_MSG("scan.venue_id_number", "must be a venue id (a number)", "须为场所编号（数字）")
LF_ERR_MSG("scan.not_array", "must be an array of scans", "须为扫码记录的列表")
LF_ERR_MSG("scan.days", "must be from 1 to 3650", "须为 1 到 3650 之间的天数")
LF_ERR_MSG("person.not_found", "no such person", "没有该人员")

/* ---- checkpoints, passes, fever referrals (checkpoint.c, pass.c, ...) --- */
LF_ERR_MSG("checkpoint.code", "must be a code of %d letters and digits",
           "须为 %d 位字母和数字组成的编码")
LF_ERR_MSG("checkpoint.kind", "must be highway, road, rail, bus, airport, village or other",
           "请选择卡点类型")
LF_ERR_MSG("checkpoint.name_taken", "is already the name of a checkpoint here",
           "本单位已有同名卡点")
LF_ERR_MSG("pass.wrong_day",
           "the pass is of %04d-%02u-%02u; a pass is valid only on the day it was submitted",
           "这是 %04d-%02u-%02u 填报的通行码，仅当日有效，请对方重新扫码填报")
LF_ERR_MSG("pass.origin_code", "must be a division code of 2, 4 or 6 digits",
           "须为 2、4 或 6 位数字的区划编码")
LF_ERR_MSG("pass.checkpoint_required", "is required (the checkpoint where you check)",
           "请先选择您所在的卡点")
LF_ERR_MSG("pass.outcome", "must be passed or turned_back", "须为 放行 或 劝返")
LF_ERR_MSG("pass.id_not_compared", "compare the ID card before letting a person pass",
           "放行前须核对身份证件")
LF_ERR_MSG("pass.status", "must be pending, received or closed",
           "须为 待接收、已接收 或 已关闭")
LF_ERR_MSG("referral.status", "must be received or closed", "须为 已接收 或 已关闭")
LF_ERR_MSG("referral.already", "is already %s", "已是“%-s”")
LF_ERR_MSG("referral.changed", "has changed meanwhile; reload", "已被他人处理，请刷新后重试")

/* ---- cases, trajectories, contacts (case*.c, contact.c) ----------------- */
LF_ERR_MSG("case.status_new", "a new case must be suspected, confirmed or asymptomatic",
           "新报告的病例须为 疑似病例、确诊病例 或 无症状感染者")
LF_ERR_MSG("case.status",
           "must be suspected, confirmed, asymptomatic, excluded, discharged or dead",
           "请选择病例状态")
LF_ERR_MSG("case.transition", "a %s case cannot become %s", "%-s不能转为%-s")
LF_ERR_MSG("case.source", "must be imported, local or unknown", "须为 输入、本土 或 不明")
LF_ERR_MSG("case.source_id", "must be a case id or 0", "须为病例编号或 0")
LF_ERR_MSG("case.source_self", "must not be the case itself", "不能是本病例自己")
LF_ERR_MSG("case.source_status", "must be a confirmed or asymptomatic case",
           "须为确诊病例或无症状感染者")
LF_ERR_MSG("case.source_cycle", "would make a cycle of sources", "会使传播链形成循环")
LF_ERR_MSG("case.isolation_before_onset", "must not be before the onset date",
           "不能早于发病日期")
LF_ERR_MSG("case.no_person", "no person with this ID number",
           "台账中没有该身份证号的人员，请先登记")
LF_ERR_MSG("case.exists", "already has a case", "该人员已有病例记录")
LF_ERR_MSG("case.not_found", "no such case", "没有该病例")
LF_ERR_MSG("contact.not_found", "no such contact", "没有该密接记录")
LF_ERR_MSG("contact.decided", "was decided already",
           "已处理过（可能其他人员已确认或排除），请刷新后查看")
LF_ERR_MSG("contact.needs_onset", "the case needs an onset or a positive sample date",
           "请先填写发病日期或阳性采样日期，以确定传染期")
LF_ERR_MSG("contact.no_window", "leaves no infectious window",
           "隔离日期早于传染期开始，无需追踪")
LF_ERR_MSG("contact.reason_required", "is required to dismiss a contact",
           "排除密接时须填写理由")

/* ---- duty assignments (duty.c) ----------------------------------------- */
LF_ERR_MSG("duty.kind", "must be lead or carer", "须为“包抓”或“包保”")
LF_ERR_MSG("duty.carer_person", "is required for a carer", "包保须指定所包保的人员")
LF_ERR_MSG("duty.person_of_node", "is not a person of node %s", "不是单位 %s 的人员")
LF_ERR_MSG("duty.twice", "already answers for it", "已是该单位（人员）的责任人")
LF_ERR_MSG("duty.not_found", "no such assignment", "没有该包抓记录")
LF_ERR_MSG("duty.ended", "has ended already", "已结束，无需再次结束")

/* ---- contact tracing rules, evaluation, the synthetic city -------------- */
LF_ERR_MSG("tracing.rule_syntax", "each rule is name=value (e.g. min_overlap_minutes=15)",
           "每条规则写作 名称=值（如 min_overlap_minutes=15）")
LF_ERR_MSG("tracing.rule_unknown", "unknown rule %s", "没有规则 %s")
LF_ERR_MSG("tracing.days_range", "must be 0 to 30", "须为 0 到 30 之间的整数")
LF_ERR_MSG("tracing.minutes_range", "must be 0 to 1440", "须为 0 到 1440 之间的整数")
LF_ERR_MSG("tracing.flag", "must be 0 or 1", "须为 0 或 1")
LF_ERR_MSG("tracing.index_size", "more than %zu MB", "超过 %zu MB")
LF_ERR_MSG("tracing.index_ids", "ids beyond 32 bits", "编号超出 32 位")
LF_ERR_MSG("eval.no_infection", "%s (run lianfang demo --outbreak K first)",
           "%-s（请先运行 lianfang demo --outbreak K）")
LF_ERR_MSG("eval.no_detected_infection", "no detected infection", "没有已发现的感染者")
LF_ERR_MSG("eval.no_outbreak", "no outbreak in this database", "数据库中没有疫情")
LF_ERR_MSG("synth.no_grids", "has no grids below it", "下级没有网格")
LF_ERR_MSG("synth.cli_only", "only the command line may synthesise a population",
           "只能在命令行生成模拟人口")
LF_ERR_MSG("synth.root", "must be a node code below a province", "须为省级以下的节点编码")
LF_ERR_MSG("synth.population", "must be 0 to %ld", "须为 0 到 %ld")
LF_ERR_MSG("synth.today", "must be a day from 2000 to 2099", "须为 2000 到 2099 年间的日期")
LF_ERR_MSG("synth.ids_exhausted", "ID sequences exhausted", "身份证号顺序码已用完")
LF_ERR_MSG("synth.seeds", "must be at most the %zu persons", "不能超过总人数 %zu")
LF_ERR_MSG("synth.outbreak_exists", "an outbreak is recorded already", "已经生成过疫情")

/* ---- search and paging (search.c) --------------------------------------- */
LF_ERR_MSG("page.sort", "must be the name of a column of the list", "须为列表中的一列")
LF_ERR_MSG("search.id_tail", "must be an ID number or its last digits",
           "须为身份证号或其末几位")
LF_ERR_MSG("search.phone_tail", "must be a phone number or its last digits",
           "须为手机号或其末几位")
LF_ERR_MSG("search.q_with_name", "must not be given with name", "不能与姓名同时填写")
LF_ERR_MSG("search.after_sort", "goes with the order of registration only",
           "只能按登记顺序使用")
LF_ERR_MSG("arrival.risk_level", "must be 0, 1 or 2", "须为 低风险、中风险 或 高风险")
LF_ERR_MSG("arrival.placed", "must be yes or no", "须为 yes 或 no")

/* ---- retention (retention.c) ------------------------------------------- */
LF_ERR_MSG("retention.days", "must be from %d to %d", "须为 %d 到 %d 之间的天数")
LF_ERR_MSG("retention.cli_only", "only the command line purges records", "只能在命令行清理数据")
