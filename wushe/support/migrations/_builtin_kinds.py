"""The five kinds of professional support every installation starts with (used by migration 0002
and by anything that must put them back, such as the test suite after a flush)."""

BUILT_IN = [
    ("plan_coaching", "项目实施方案辅导", 10),
    ("training", "专题培训", 20),
    ("field_visit", "实地走访监测", 30),
    ("roundtable", "圆桌辅导会", 40),
    ("consultation", "一对一咨询", 50),
]


def create_kinds(apps, schema_editor):
    ActivityKind = apps.get_model("support", "ActivityKind")
    for code, name, order in BUILT_IN:
        ActivityKind.objects.update_or_create(code=code, programme=None, defaults={"name": name, "order": order})


def remove_kinds(apps, schema_editor):
    ActivityKind = apps.get_model("support", "ActivityKind")
    ActivityKind.objects.filter(programme=None, code__in=[code for code, _name, _order in BUILT_IN]).delete()
