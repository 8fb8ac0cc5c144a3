/*
 * synth_names.c - the data tables of the synthetic population: surnames,
 * given-name characters, ages, household sizes, addresses, phones,
 * transport. See synth.h.
 *
 * Sources, all public and rounded:
 * - surnames: the Ministry of Public Security's 2020 ranking (《二〇二〇年
 *   全国姓名报告》) and the shares published with the 2019 list; the top 100
 *   cover about 86 % of the population, a tail of less common and compound
 *   surnames (欧阳, 司马, 上官, 诸葛) stands for some of the rest;
 * - given names: the characters the same reports list as most used by
 *   generation (建国/秀英 before 1965, 伟/丽 1965-1994, 梓涵/子轩 after);
 * - ages: the seventh census (2020), millions of people by 5-year band;
 * - household sizes: the same census, 1 to 5+ persons in a household
 *   25 / 30 / 21 / 13 / 11 %, mean 2.62.
 * Weights are integers; a table is picked from by a linear scan, which is
 * cheaper here than the SQLite insert it feeds.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "sim/synth.h"
#include "util/banned.h"

#define N_OF(a) (sizeof(a) / sizeof((a)[0]))

struct weighted {
    const char *s;
    unsigned w;
};

/* Index of r's pick among n weights; r uniform over 64 bits. */
static size_t pick(const unsigned *w, size_t n, uint64_t r)
{
    uint64_t total = 0, x;
    size_t i;

    for (i = 0; i < n; i++)
        total += w[i];
    x = r % total;
    for (i = 0; i + 1 < n && x >= w[i]; i++)
        x -= w[i];
    return i;
}

static const char *pick_weighted(const struct weighted *t, size_t n, uint64_t r)
{
    uint64_t total = 0, x;
    size_t i;

    for (i = 0; i < n; i++)
        total += t[i].w;
    x = r % total;
    for (i = 0; i + 1 < n && x >= t[i].w; i++)
        x -= t[i].w;
    return t[i].s;
}

/* Shares in units of 0.01 % of the population. */
static const struct weighted surnames[] = {
    { "王", 712 }, { "李", 700 }, { "张", 674 }, { "刘", 510 }, { "陈", 461 },
    { "杨", 322 }, { "黄", 245 }, { "赵", 223 }, { "吴", 205 }, { "周", 197 },
    { "徐", 160 }, { "孙", 150 }, { "马", 144 }, { "朱", 137 }, { "胡", 130 },
    { "郭", 122 }, { "何", 118 }, { "林", 113 }, { "罗", 104 }, { "高", 103 },
    { "郑", 92 },  { "梁", 91 },  { "谢", 83 },  { "宋", 81 },  { "唐", 79 },
    { "许", 72 },  { "韩", 71 },  { "邓", 70 },  { "冯", 69 },  { "曹", 67 },
    { "彭", 61 },  { "曾", 60 },  { "肖", 59 },  { "田", 57 },  { "董", 55 },
    { "潘", 54 },  { "袁", 54 },  { "蔡", 51 },  { "蒋", 51 },  { "余", 49 },
    { "于", 48 },  { "杜", 47 },  { "叶", 46 },  { "程", 45 },  { "魏", 44 },
    { "苏", 44 },  { "吕", 42 },  { "丁", 42 },  { "任", 41 },  { "卢", 40 },
    { "姚", 38 },  { "沈", 38 },  { "钟", 36 },  { "姜", 36 },  { "崔", 35 },
    { "谭", 33 },  { "陆", 32 },  { "范", 31 },  { "汪", 31 },  { "廖", 30 },
    { "石", 29 },  { "金", 29 },  { "韦", 28 },  { "贾", 28 },  { "夏", 27 },
    { "付", 27 },  { "方", 26 },  { "邹", 25 },  { "熊", 25 },  { "白", 25 },
    { "孟", 24 },  { "秦", 24 },  { "邱", 23 },  { "侯", 23 },  { "江", 22 },
    { "尹", 22 },  { "薛", 21 },  { "闫", 21 },  { "段", 20 },  { "雷", 20 },
    { "龙", 19 },  { "黎", 19 },  { "史", 18 },  { "陶", 18 },  { "贺", 18 },
    { "毛", 17 },  { "郝", 17 },  { "顾", 17 },  { "龚", 16 },  { "邵", 16 },
    { "万", 15 },  { "覃", 15 },  { "武", 15 },  { "钱", 14 },  { "戴", 14 },
    { "严", 14 },  { "欧", 13 },  { "莫", 13 },  { "孔", 13 },  { "向", 13 },
    /* a tail: the next ranks, some common in Henan, and compound surnames */
    { "常", 12 },  { "汤", 12 },  { "康", 11 },  { "易", 10 },  { "乔", 10 },
    { "赖", 10 },  { "文", 10 },  { "葛", 9 },   { "施", 9 },   { "洪", 9 },
    { "牛", 9 },   { "聂", 8 },   { "申", 6 },   { "柴", 6 },   { "靳", 5 },
    { "卫", 5 },   { "翟", 5 },   { "樊", 5 },   { "苗", 4 },   { "焦", 4 },
    { "欧阳", 5 }, { "司马", 1 }, { "上官", 1 }, { "诸葛", 1 },
};

const char *synth__surname(uint64_t r)
{
    return pick_weighted(surnames, N_OF(surnames), r);
}

/* Characters of given names, by sex and generation. Repeats are weights. */
static const char *const male_old[] = {
    "建", "国", "军", "华", "明", "志", "德", "福", "林", "春", "祥", "荣", "文",
    "平", "海", "生", "成", "忠", "新", "宝", "贵", "强", "山", "庆", "兴", "民",
    "金", "永", "全", "顺", "跃", "进", "红", "卫", "东", "胜", "利", "长", "有",
};
static const char *const male_mid[] = {
    "伟", "强", "磊", "勇", "军", "杰", "涛", "斌", "超", "明", "刚", "辉", "鹏",
    "飞", "波", "鑫", "浩", "亮", "峰", "俊", "帅", "龙", "阳", "健", "凯", "晓",
    "东", "海", "宁", "振", "旭", "锋", "雷", "彬", "建", "永", "林", "志", "文",
};
static const char *const male_young[] = {
    "浩", "宇", "子", "轩", "梓", "睿", "泽", "宸", "俊", "博", "然", "铭", "皓",
    "晨", "天", "佑", "一", "航", "嘉", "豪", "奕", "锦", "逸", "辰", "煜", "昊",
    "思", "远", "瑞", "翔", "鸿", "文", "涛", "明", "杰", "硕", "恒", "毅", "诚",
};
static const char *const female_old[] = {
    "秀", "英", "兰", "桂", "芳", "玉", "珍", "淑", "凤", "华", "琴", "梅", "翠",
    "荣", "莲", "云", "霞", "素", "芬", "香", "美", "花", "爱", "菊", "娥", "春",
    "秀", "英", "兰", "玉", "凤", "珍",
};
static const char *const female_mid[] = {
    "丽", "娟", "敏", "静", "艳", "娜", "婷", "霞", "燕", "红", "玲", "萍", "慧",
    "颖", "琳", "洁", "倩", "雪", "晶", "莉", "芳", "丹", "媛", "佳", "琴", "晓",
    "美", "欢", "璐", "蕾", "薇", "青", "冬", "梅",
};
static const char *const female_young[] = {
    "梓", "涵", "子", "萱", "欣", "怡", "诗", "雨", "可", "馨", "一", "诺", "思",
    "琪", "佳", "悦", "若", "依", "紫", "语", "彤", "雅", "嘉", "沐", "瑶", "晨",
    "安", "宁", "婉", "清", "乐", "心", "妍", "甜",
};

const char *synth__given_char(int sex, enum synth_era era, uint64_t r)
{
#define CHAR_FROM(t) t[r % N_OF(t)]
    if (sex == 1)
        return era == SYNTH_ERA_OLD   ? CHAR_FROM(male_old)
               : era == SYNTH_ERA_MID ? CHAR_FROM(male_mid)
                                      : CHAR_FROM(male_young);
    return era == SYNTH_ERA_OLD   ? CHAR_FROM(female_old)
           : era == SYNTH_ERA_MID ? CHAR_FROM(female_mid)
                                  : CHAR_FROM(female_young);
#undef CHAR_FROM
}

const char *synth__relation_name(enum synth_relation rel)
{
    static const char *const names[] = { "户主", "配偶", "子女", "父母", "孙子女", "其他" };

    return (unsigned)rel < N_OF(names) ? names[rel] : "其他";
}

/* Ages by 5-year band, 0-4 to 95-99 (100+ folded into the last). */
static const unsigned ages[][20] = {
    /* SYNTH_AGES_CENSUS: the 2020 census, in units of 10,000 people */
    { 7788, 9024, 8526, 7268, 7494, 9185, 12415, 9901, 9300, 11423,
      12117, 10140, 7339, 7401, 4759, 3008, 2039, 1064, 335, 85 },
    /* SYNTH_AGES_SINGLE: young workers and the widowed old live alone */
    { 0, 0, 0, 10, 110, 140, 100, 60, 45, 50,
      60, 70, 85, 95, 85, 65, 45, 25, 9, 2 },
    /* SYNTH_AGES_HEAD: heads of 2+ households, tuned (with the members
     * their age brings along) until the whole population's bands come
     * out near the census row; see tests/unit/sim/synth.c */
    { 0, 0, 0, 0, 20, 120, 260, 190, 150, 160,
      160, 140, 110, 100, 80, 55, 34, 15, 5, 1 },
};

int synth__age_band(enum synth_ages table, uint64_t r)
{
    return (int)pick(ages[table], 20, r);
}

int synth__household_size(uint64_t r)
{
    /* 1..7 persons; the census's 11 % of 5+ split 6.5 / 3 / 1.5 */
    static const unsigned sizes[] = { 250, 300, 210, 130, 65, 30, 15 };

    return (int)pick(sizes, N_OF(sizes), r) + 1;
}

static const char *const estate_heads[] = {
    "锦绣", "翠湖", "阳光", "金色", "御景", "世纪", "康乐", "东方", "幸福", "和谐",
    "书香", "紫荆", "碧水", "名门", "建业", "滨河", "丽景", "盛世", "绿城", "龙腾",
    "怡和", "瑞祥", "祥和", "福润", "宏达", "恒大", "万和", "天伦", "润园", "桂园",
    "银河", "新城", "花都", "香榭", "枫林", "锦华", "安居", "九龙", "明珠", "泰和",
};
static const struct weighted estate_suffixes[] = {
    { "小区", 40 }, { "花园", 20 }, { "家园", 15 }, { "苑", 10 },
    { "新村", 6 },  { "公寓", 5 },  { "名苑", 4 },
};
static const char *const roads[] = {
    "人民路", "建设路", "解放路", "文化路", "中原路", "黄河大道", "太行路", "学苑路",
    "新华街", "东环路", "西环路", "南环路", "北环路", "商贸街", "工业路", "育才路",
    "沁园路", "济水大街", "天坛路", "宣化街", "愚公路", "荆梁街", "汤帝路", "红旗路",
};

const char *synth__estate_head(uint64_t r)
{
    return estate_heads[r % N_OF(estate_heads)];
}

const char *synth__estate_suffix(uint64_t r)
{
    return pick_weighted(estate_suffixes, N_OF(estate_suffixes), r);
}

const char *synth__road(uint64_t r)
{
    return roads[r % N_OF(roads)];
}

/* Prefixes of the three operators, weighted roughly by numbers in use. */
static const struct weighted phone_prefixes[] = {
    { "130", 4 }, { "131", 4 }, { "132", 4 }, { "133", 3 }, { "134", 3 },
    { "135", 6 }, { "136", 6 }, { "137", 6 }, { "138", 8 }, { "139", 8 },
    { "147", 1 }, { "150", 4 }, { "151", 4 }, { "152", 3 }, { "153", 2 },
    { "155", 3 }, { "156", 3 }, { "157", 2 }, { "158", 4 }, { "159", 4 },
    { "166", 1 }, { "170", 1 }, { "171", 1 }, { "173", 1 }, { "175", 1 },
    { "176", 1 }, { "177", 1 }, { "178", 1 }, { "180", 3 }, { "181", 3 },
    { "182", 3 }, { "183", 3 }, { "185", 3 }, { "186", 3 }, { "187", 3 },
    { "188", 3 }, { "189", 3 }, { "191", 1 }, { "193", 1 }, { "195", 1 },
    { "198", 2 }, { "199", 2 },
};

const char *synth__phone_prefix(uint64_t r)
{
    return pick_weighted(phone_prefixes, N_OF(phone_prefixes), r);
}

static const struct weighted transports[] = {
    { "自驾", 35 }, { "高铁", 25 }, { "长途客车", 13 }, { "火车", 12 },
    { "飞机", 10 }, { "其他", 5 },
};

const char *synth__transport(uint64_t r)
{
    return pick_weighted(transports, N_OF(transports), r);
}

/* GB/T 2260 province codes; these are stable (unlike county codes). */
static const struct {
    char code[3];
    const char *name;
} provinces[] = {
    { "11", "北京市" }, { "12", "天津市" }, { "13", "河北省" }, { "14", "山西省" },
    { "15", "内蒙古自治区" }, { "21", "辽宁省" }, { "22", "吉林省" },
    { "23", "黑龙江省" }, { "31", "上海市" }, { "32", "江苏省" }, { "33", "浙江省" },
    { "34", "安徽省" }, { "35", "福建省" }, { "36", "江西省" }, { "37", "山东省" },
    { "41", "河南省" }, { "42", "湖北省" }, { "43", "湖南省" }, { "44", "广东省" },
    { "45", "广西壮族自治区" }, { "46", "海南省" }, { "50", "重庆市" },
    { "51", "四川省" }, { "52", "贵州省" }, { "53", "云南省" }, { "54", "西藏自治区" },
    { "61", "陕西省" }, { "62", "甘肃省" }, { "63", "青海省" },
    { "64", "宁夏回族自治区" }, { "65", "新疆维吾尔自治区" },
};

const char *synth__province_name(const char *code)
{
    size_t i;

    for (i = 0; i < N_OF(provinces); i++)
        if (code[0] == provinces[i].code[0] && code[0] && code[1] == provinces[i].code[1])
            return provinces[i].name;
    return "";
}
