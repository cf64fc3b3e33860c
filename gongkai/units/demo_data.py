"""Names for the demo county: the real 霍邱县 units (shared/domain/huoqiu.md §1), fictional people."""

TOWNSHIPS = [
    "城关镇", "河口镇", "周集镇", "临水镇", "新店镇", "石店镇", "马店镇", "孟集镇", "花园镇",
    "扈胡镇", "长集镇", "乌龙镇", "高塘镇", "龙潭镇", "岔路镇", "冯井镇", "众兴集镇", "夏店镇",
    "曹庙镇", "范桥镇", "潘集镇", "临淮岗镇", "冯瓴镇", "彭塔乡", "王截流乡", "城西湖乡",
    "宋店乡", "三流乡", "邵岗乡", "白莲乡",
]  # fmt: skip

# (full name, short name, code)
DEPARTMENTS = [
    ("霍邱县发展和改革委员会", "县发改委", "fgw"),
    ("霍邱县教育局", "县教育局", "jyj"),
    ("霍邱县科学技术局", "县科技局", "kjj"),
    ("霍邱县工业和信息化局", "县工信局", "gxj"),
    ("霍邱县公安局", "县公安局", "gaj"),
    ("霍邱县民政局", "县民政局", "mzj"),
    ("霍邱县司法局", "县司法局", "sfj"),
    ("霍邱县财政局", "县财政局", "czj"),
    ("霍邱县人力资源和社会保障局", "县人社局", "rsj"),
    ("霍邱县自然资源和规划局", "县自然资源局", "zrzyj"),
    ("六安市霍邱县生态环境分局", "县生态环境分局", "sthjj"),
    ("霍邱县住房和城乡建设局", "县住建局", "zjj"),
    ("霍邱县交通运输局", "县交通局", "jtj"),
    ("霍邱县水利局", "县水利局", "slj"),
    ("霍邱县农业农村局", "县农业农村局", "nyncj"),
    ("霍邱县商务局", "县商务局", "swj"),
    ("霍邱县文旅体育局", "县文旅体育局", "wltyj"),
    ("霍邱县卫生健康委员会", "县卫健委", "wjw"),
    ("霍邱县退役军人事务局", "县退役军人局", "tyjrj"),
    ("霍邱县应急管理局", "县应急局", "yjj"),
    ("霍邱县审计局", "县审计局", "sjj"),
    ("霍邱县市场监督管理局", "县市场监管局", "scjgj"),
    ("霍邱县统计局", "县统计局", "tjj"),
    ("霍邱县医疗保障局", "县医保局", "ybj"),
    ("霍邱县城市管理局", "县城管局", "cgj"),
    ("霍邱县数据资源管理局", "县数据资源局", "sjzyj"),
    ("霍邱县信访局", "县信访局", "xfj"),
    ("霍邱县商贸服务中心", "县商贸服务中心", "smfwzx"),
]

# Public enterprises and institutions (fictional demo names; sector as in statutes.md §9).
PUBLIC_ENTERPRISES = [
    ("霍邱县第一中学", "县一中", "yizhong", "education"),
    ("霍邱县第一人民医院", "县医院", "yiyuan", "health"),
    ("霍邱县自来水有限公司", "县自来水公司", "water", "water"),
    ("霍邱县供电公司", "县供电公司", "power", "power"),
    ("霍邱县天然气有限公司", "县燃气公司", "gas", "gas"),
    ("霍邱县公共交通有限公司", "县公交公司", "bus", "transport"),
]

# Communities and villages of 城关镇 (huoqiu.md §1.2), a few for the demo.
CHENGGUAN_VILLAGES = ["师部社区", "西湖社区", "文庙社区", "大同村", "七里庙村", "三里桥村"]

TOWNSHIP_CODES = {
    "城关镇": "chengguan", "河口镇": "hekou", "周集镇": "zhouji", "临水镇": "linshui",
    "新店镇": "xindian", "石店镇": "shidian", "马店镇": "madian", "孟集镇": "mengji",
    "花园镇": "huayuan", "扈胡镇": "huhu", "长集镇": "changji", "乌龙镇": "wulong",
    "高塘镇": "gaotang", "龙潭镇": "longtan", "岔路镇": "chalu", "冯井镇": "fengjing",
    "众兴集镇": "zhongxingji", "夏店镇": "xiadian", "曹庙镇": "caomiao", "范桥镇": "fanqiao",
    "潘集镇": "panji", "临淮岗镇": "linhuaigang", "冯瓴镇": "fengling", "彭塔乡": "pengta",
    "王截流乡": "wangjieliu", "城西湖乡": "chengxihu", "宋店乡": "songdian", "三流乡": "sanliu",
    "邵岗乡": "shaogang", "白莲乡": "bailian",
}  # fmt: skip

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"  # noqa: E501
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华玉兰萍红玲建国建华志强海燕晓东文博子涵宇航欣怡浩然思远雨辰佳琪俊杰梓萱一鸣"  # noqa: E501

# 发文机关代字 of units that are not townships (townships: first character + 「政」).
AGENCY_CODES: dict[str, str] = {
    "county": "霍政",
    "xzfb": "霍政办",
    "fgw": "霍发改",
    "jyj": "霍教",
    "kjj": "霍科",
    "gxj": "霍工信",
    "gaj": "霍公",
    "mzj": "霍民",
    "sfj": "霍司",
    "czj": "霍财",
    "rsj": "霍人社",
    "zrzyj": "霍自然资规",
    "sthjj": "霍环",
    "zjj": "霍建",
    "jtj": "霍交",
    "slj": "霍水",
    "nyncj": "霍农",
    "swj": "霍商",
    "wltyj": "霍文旅",
    "wjw": "霍卫健",
    "tyjrj": "霍退役",
    "yjj": "霍应急",
    "sjj": "霍审",
    "scjgj": "霍市监",
    "tjj": "霍统",
    "ybj": "霍医保",
    "cgj": "霍城管",
    "sjzyj": "霍数据",
    "xfj": "霍信访",
    "smfwzx": "霍商贸",
    "yizhong": "霍一中",
    "yiyuan": "霍一院",
    "water": "霍水司",
    "power": "霍供电",
    "gas": "霍燃气",
    "bus": "霍公交",
}
