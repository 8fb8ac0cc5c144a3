/*
 * synth_venue_names.c - the data tables of the synthetic city's venues:
 * for each kind, its type of venue.h, its share and the templates of its
 * names. See synth_move.h; synth_move.c expands the templates.
 *
 * Name templates: $H a place-name head (幸福), $S a surname, $T the town,
 * $C the community, $R a road, $N a small number, $L a bus line, $P a
 * plate. Shares are per mille of the venues, from what a county town's
 * street shows: many eateries and small shops, few hospitals.
 */
#include <stddef.h>

#include "core/venue.h"
#include "sim/synth_move_int.h"
#include "util/banned.h"

static const char *const n_super[] = { "$H超市", "$H便利店", "$S氏生活超市", "丹尼斯便利店($C店)",
                                       "大张超市($R店)", "$H购物广场", "世纪联华($R店)" };
static const char *const n_rest[] = { "$S记烩面馆", "老$S家饭店", "$H酒家", "$S家羊肉汤", "$H饺子馆",
                                      "沙县小吃($R店)", "兰州牛肉拉面", "$S师傅胡辣汤", "$H火锅城",
                                      "黄焖鸡米饭($C店)", "$H农家乐" };
static const char *const n_market[] = { "$T农贸市场", "$C菜市场", "$H蔬菜批发市场" };
static const char *const n_pharm[] = { "$H大药房", "张仲景大药房($R店)", "$S氏药店", "$T医药超市" };
static const char *const n_school[] = { "$T第$N小学", "$C小学", "$T第$N初级中学", "$T中心幼儿园",
                                        "$H幼儿园", "$T第$N高级中学" };
static const char *const n_factory[] = { "$H机械有限公司", "$H化工有限公司", "$H纺织厂", "$H食品有限公司",
                                         "$H建材有限公司", "$H电子科技有限公司", "$H钢铁有限公司",
                                         "$H包装制品厂" };
static const char *const n_office[] = { "$H大厦", "$H商务中心", "$H科技园", "$T便民服务中心", "$H金融中心" };
static const char *const n_hosp[] = { "$T卫生院", "$T社区卫生服务中心", "第$N人民医院", "$S氏诊所",
                                      "$C卫生室", "$H中医院" };
static const char *const n_bus[] = { "$L路公交车($P)" };
static const char *const n_hotel[] = { "$H宾馆", "$H大酒店", "如家快捷酒店($R店)", "$H商务酒店" };
static const char *const n_bank[] = { "中国工商银行$T支行", "中国农业银行$T支行", "中国建设银行$R支行",
                                      "中国银行$T支行", "中国邮政储蓄银行$T营业所", "农村商业银行$C分理处" };
static const char *const n_barber[] = { "$H理发店", "$S师傅美发", "$H造型", "$H美容美发" };
static const char *const n_gym[] = { "$H健身中心", "$H游泳馆", "$H羽毛球馆" };
static const char *const n_other[] = { "$H网吧", "$H KTV", "$H洗浴中心", "$H电影院", "$H书店",
                                       "$H棋牌室", "$H手机店", "$H五金店", "$H服装店" };

const struct synth_venue_kind synth_move__kinds[N_KINDS] = {
#define K(t, share, names) { VENUE_##t, share, names, N_OF(names) }
    K(SUPERMARKET, 120, n_super), K(RESTAURANT, 250, n_rest), K(MARKET, 40, n_market),
    K(PHARMACY, 80, n_pharm), K(SCHOOL, 30, n_school), K(FACTORY, 60, n_factory),
    K(OFFICE, 60, n_office), K(HOSPITAL, 10, n_hosp), K(BUS, 30, n_bus),
    K(HOTEL, 30, n_hotel), K(BANK, 40, n_bank), K(BARBER, 90, n_barber),
    K(GYM, 30, n_gym), K(OTHER, 130, n_other),
#undef K
};
