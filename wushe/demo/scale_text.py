"""Proposal text for generated data: sections of realistic length, composed from sentence banks.

Each section of a proposal (需求分析, 项目目标 …) is a few hundred to a couple of thousand
characters, as real ones are. Composing every text character by character would be slow at a
city's scale, so :class:`SectionWriter` formats a pool of sentences per section once and then
builds each text by picking from the pool; a revision replaces, inserts or drops a few
sentences of the text before, the way an applicant answers a coach's comments.
"""

from __future__ import annotations

import random

from wushe.proposals.models import SECTION_MAX_CHARS, Section

PLACES = (
    "草厂社区", "和平里社区", "光明楼社区", "安华里社区", "永安里社区", "花园村社区", "枫林社区", "团结湖社区",
    "新源里社区", "双榆树社区", "百子湾社区", "龙潭社区", "丽泽社区", "清河社区", "回龙观社区", "天通苑社区",
)  # fmt: skip
GROUPS = ("老年居民", "双职工家庭", "学龄儿童", "新就业群体", "残障人士", "外来务工家庭", "独居老人", "青少年")
TOPICS = ("垃圾分类", "厨余减量", "社区花园", "楼门文化", "邻里互助", "适老化改造", "儿童友好空间", "低碳生活")
PARTNERS = ("社区居委会", "街道社区办", "物业公司", "辖区学校", "社区卫生服务站", "驻区单位", "社区基金会")

# Sentences by section; placeholders: {place} {group} {topic} {partner} {n} {m} {pct} {pct2} {k} {q} {q2} {doors}.
BANK: dict[str, tuple[str, ...]] = {
    Section.NEED: (
        "{place}共有居民约 {n} 户,其中 60 岁以上老人占 {pct}%,{group}的日常需求长期得不到回应。",
        "我们用两个多月时间走访了 {n} 户居民,发放问卷 {q} 份,回收有效问卷 {q2} 份。",
        "调研发现,居民对{topic}的知晓率达到 {pct}%,但实际参与率只有 {pct2}% 左右。",
        "楼道和院落公共空间被杂物占用,居民多次向{partner}反映,问题一直没有得到根本解决。",
        "由于缺少固定的活动场地和组织者,{group}之间的联系较少,邻里关系趋于淡漠。",
        "社区现有志愿者 {k}0 余人,但以退休党员为主,年龄偏大,新的骨干难以产生。",
        "在座谈会上,居民普遍表示“愿意参与,但不知道怎么参与、参与了也看不到变化”。",
        "{partner}此前开展过{topic}宣传,但以发放材料和张贴海报为主,缺少持续的跟进和陪伴。",
        "与周边社区相比,{place}的{topic}工作起步较晚,基础数据不完整,缺少可以借鉴的本地经验。",
        "访谈中,{group}提到最大的困难是信息获取渠道少、办事流程不熟悉,遇到问题不知道找谁。",
        "厨余垃圾的分出率约为 {pct2}%,混投现象在晚间高峰时段尤其明显。",
        "社区内老旧小区占比较高,{doors} 个楼门中有 {k} 个没有物业管理,公共事务主要依靠居委会协调。",
        "过去一年,社区共接到与{topic}相关的居民诉求 {m}{k} 件,居民满意度仅为 {pct}%。",
        "我们认为,问题的根源不在于居民缺乏意愿,而在于缺少让居民共同商量、共同行动的机制。",
        "从需求的紧迫程度和居民的参与意愿来看,{topic}是当前最适合切入的议题。",
    ),
    Section.GOALS: (
        "总目标:通过培育居民骨干和搭建议事平台,推动{place}形成可持续的{topic}机制。",
        "具体目标一:项目周期内带动不少于 {n} 户居民参与{topic},参与率从基线 {pct2}% 提升到 {pct}%。",
        "具体目标二:培育一支 {k}0 人以上的居民志愿者队伍,其中 40 岁以下成员不少于三分之一。",
        "具体目标三:形成一份居民共同商定的公约,并在 {k} 个楼门试行。",
        "具体目标四:每季度召开一次由{partner}参加的联席会议,及时解决项目推进中的问题。",
        "到项目结束时,{group}的满意度达到 {pct}% 以上,较基线提高 {k}0 个百分点。",
        "所有目标均设定了基线值、目标值和数据来源,详见监测评估部分的指标表。",
        "项目还希望探索一套可以在周边社区复制的工作方法,形成案例集一册。",
        "我们将目标分解到每个季度,确保每一阶段都有可以检验的阶段性成果。",
        "在{topic}之外,项目也关注居民之间信任关系的建立,以此作为长期成效的基础。",
    ),
    Section.ACTIVITIES: (
        "第一阶段({k} 月):开展入户调研和居民座谈,摸清需求,确定重点楼门和骨干人选。",
        "第二阶段:每月召开一次院落议事会,由社工引导居民讨论{topic}中遇到的具体问题。",
        "每周二、四晚上 7 点至 9 点,志愿者在桶站开展值守,现场指导居民分类投放。",
        "每月举办一次面向{group}的主题活动,内容包括{topic}知识讲解、手工制作和经验分享。",
        "与{partner}合作,利用社区活动室开设“周末课堂”,全年不少于 {m} 期。",
        "组织志愿者参加 {k} 次能力建设培训,内容涵盖沟通技巧、活动策划和安全管理。",
        "在{place}选取 {k} 个楼门开展微改造,由居民共同设计、共同施工、共同维护。",
        "建立积分激励机制,居民参与活动可获得积分,积分可兑换绿植和生活用品。",
        "每季度开展一次成果展示,邀请居民、{partner}和资助方共同参与,回顾进展、听取意见。",
        "针对行动不便的{group},由志愿者提供上门服务,每月不少于 {m} 人次。",
        "项目中期组织一次外出参访,学习其他社区在{topic}方面的成熟经验。",
        "活动安排充分考虑居民的作息时间,主要集中在工作日晚间和周末上午。",
        "所有活动均有签到表、照片和活动记录,作为过程监测的依据。",
        "遇到疫情或恶劣天气时,活动改为线上开展或顺延,并及时告知参与居民。",
        "第三阶段:梳理经验,协助居民骨干制定下一年度的行动计划,做好交接。",
    ),
    Section.BUDGET_NOTES: (
        "人员费用按项目社工 0.5 个岗位计列,标准参照本市社会工作者薪酬指导价。",
        "活动费用包括场地布置、物料和茶歇,按每场 {m}00 元、全年 {k}0 场测算。",
        "物资设备主要为分类桶、宣传展板和活动工具,均按市场询价的中间价计列。",
        "培训与督导费用用于邀请外部讲师和督导,每次 {k}00 元,共 {m} 次。",
        "交通费用于走访和外出参访,按实际发生报销,不超过预算总额的 5%。",
        "行政管理费按项目总预算的 {k}% 计列,用于财务审计和办公耗材。",
        "积分兑换物资以社会捐赠为主,本项目只承担其中约三成。",
        "所有支出严格按照资助协议和机构财务制度执行,票据齐全、专款专用。",
    ),
    Section.MONITORING: (
        "每月由志愿者记录参与户数、活动人次和{topic}相关数据,形成月度台账。",
        "项目开始和结束时各做一次居民问卷调查,对比关键指标的变化。",
        "每季度向资助方提交进展报告,说明目标完成情况、存在问题和调整措施。",
        "邀请{partner}参与中期和结项评估,听取多方意见。",
        "关键指标包括:参与户数、志愿者人数、议事会次数、居民满意度,均有明确的基线值。",
        "对未达到预期的指标,项目组将在月度例会上分析原因并及时调整活动安排。",
        "过程资料(签到表、照片、会议纪要)统一归档,便于实地走访监测时查阅。",
        "项目结束后三个月再做一次回访,了解成效的持续情况。",
    ),
    Section.SUSTAINABILITY: (
        "项目的核心是培育居民自己的组织,项目结束后由居民骨干继续组织日常活动。",
        "我们将协助志愿者队伍完成社区社会组织备案,制定章程和值守排班制度。",
        "积分兑换改由社区公益基金和辖区商户捐赠支持,不依赖项目资金。",
        "与{partner}签订合作备忘录,明确项目结束后场地和经费的保障方式。",
        "项目形成的工作手册和案例将向街道推荐,争取纳入社区年度工作计划。",
        "通过培训和陪伴,提升居民骨干的组织能力,使其能够独立策划和开展活动。",
        "机构将在项目结束后继续提供为期半年的跟进支持,每月回访一次。",
    ),
    Section.LINKAGE: (
        "社区:{partner}提供政策指导、活动场地和居民动员支持。",
        "社会组织:本机构负责项目统筹、专业服务和志愿者培育。",
        "社会工作者:项目社工负责议事会引导、个案跟进和活动组织。",
        "社区志愿者:居民志愿者是行动主体,承担值守、宣传和上门服务。",
        "社会慈善资源:链接基金会资金和企业捐赠,争取辖区单位提供物资支持。",
        "项目定期召开联席会议,五方共同商议重大事项,形成分工明确、相互支持的格局。",
        "在{topic}方面,邀请专业环保组织提供技术指导,提升活动的专业性。",
    ),
}

COMMENT_BANK: dict[str, tuple[str, ...]] = {
    Section.NEED: (
        "需求分析请补充调研数据的来源和样本量。",
        "问卷的结论和访谈的发现之间有些矛盾,请说明。",
        "请写清楚服务对象的规模和特点,现在比较笼统。",
    ),
    Section.GOALS: (
        "目标请写成可衡量的:基线是多少?项目结束时要达到多少?",
        "具体目标太多,建议聚焦在两到三个最关键的变化上。",
        "目标和需求分析没有完全对应,请再梳理一下。",
    ),
    Section.ACTIVITIES: (
        "活动频次和参与人群请写具体,值守如何排班?",
        "活动安排偏重宣传,缺少让居民共同商量和行动的环节。",
        "请补充每个阶段的时间节点和负责人。",
    ),
    Section.BUDGET_NOTES: ("人员费用比例偏高,请说明测算依据。", "活动费用的单价请给出询价依据。"),
    Section.MONITORING: ("监测指标和项目目标要一一对应。", "请说明数据由谁记录、多久记录一次。"),
    Section.SUSTAINABILITY: ("项目结束后由谁来继续?能否培育居民自己的组织?", "经费的后续来源请具体一些。"),
    Section.LINKAGE: ("请按五社联动的角度补充各方的角色分工。", "居委会和物业的参与方式请写具体。"),
    "budget": ("预算表中物资设备一项偏高,请核实。", "行政管理费比例超过了申请指南的上限。"),
}
REPLIES = (
    "已按意见修改。",
    "已补充相关数据和说明,请再审阅。",
    "已调整,详见新版本相应章节。",
    "感谢指导,已与团队讨论后重新撰写。",
)

# Lengths (characters) by section: (typical low, typical high); a few run to the long tail.
LENGTHS: dict[str, tuple[int, int]] = {
    Section.NEED: (350, 1400),
    Section.GOALS: (180, 700),
    Section.ACTIVITIES: (450, 2000),
    Section.BUDGET_NOTES: (150, 500),
    Section.MONITORING: (200, 800),
    Section.SUSTAINABILITY: (160, 650),
    Section.LINKAGE: (180, 700),
}
POOL_SIZE = 800


class SectionWriter:
    """Composes and revises section texts from per-section pools of formatted sentences."""

    def __init__(self, rng: random.Random, pool_size: int = POOL_SIZE) -> None:
        self.rng = rng
        self.pools = {key: [self._sentence(key) for _ in range(pool_size)] for key in BANK}

    def _sentence(self, key: str) -> str:
        rng = self.rng
        questionnaires = rng.randint(120, 400)
        return rng.choice(BANK[key]).format(
            q=questionnaires,
            q2=questionnaires - rng.randint(3, 40),
            doors=rng.randint(20, 120),
            place=rng.choice(PLACES),
            group=rng.choice(GROUPS),
            topic=rng.choice(TOPICS),
            partner=rng.choice(PARTNERS),
            n=rng.randint(80, 900),
            m=rng.randint(3, 12),
            k=rng.randint(2, 9),
            pct=rng.randint(35, 85),
            pct2=rng.randint(8, 30),
        )

    def compose(self, key: str, length: int | None = None) -> str:
        """A section of about ``length`` characters (drawn from the section's range if not given)."""
        if length is None:
            low, high = LENGTHS[key]
            length = int(self.rng.triangular(low, high, low + (high - low) // 4))
        pool = self.pools[key]
        picked = self.rng.choices(pool, k=max(1, length // 34 + 1))
        text = "".join(picked if len(picked) < 6 else _paragraphs(picked))
        return text[:SECTION_MAX_CHARS]

    def sections(self, long: bool = False) -> dict[str, str]:
        return {key: self.compose(key, SECTION_MAX_CHARS - 400 if long else None) for key in BANK}

    def revise(self, text: str, key: str, edits: int = 2) -> str:
        """``text`` with ``edits`` sentences replaced, inserted or dropped, as a revision does."""
        parts = text.split("。")
        pool = self.pools[key]
        for _ in range(edits):
            i = self.rng.randrange(len(parts))
            roll = self.rng.random()
            new = self.rng.choice(pool).rstrip("。")
            if roll < 0.5:
                parts[i] = new
            elif roll < 0.85 or len(parts) < 3:
                parts.insert(i, new)
            else:
                del parts[i]
        revised = "。".join(parts)
        if len(revised) > SECTION_MAX_CHARS:
            cut = revised.rfind("。", 0, SECTION_MAX_CHARS)
            revised = revised[: cut + 1] if cut > 0 else revised[:SECTION_MAX_CHARS]
        return revised

    def comment(self, key: str) -> str:
        return self.rng.choice(COMMENT_BANK[key])

    def reply(self) -> str:
        return self.rng.choice(REPLIES)


def _paragraphs(sentences: list[str]) -> list[str]:
    """A line break after every fifth sentence, as applicants write in paragraphs."""
    return [s + "\n" if i % 5 == 4 else s for i, s in enumerate(sentences)]
