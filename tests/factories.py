"""factory-boy factories shared by every test."""

from __future__ import annotations

import factory
from factory.django import DjangoModelFactory

from wushe.access.models import MemberRole, Membership, PlatformRole
from wushe.accounts.models import User
from wushe.core.validators import USCC_CHARSET, uscc_check_char
from wushe.orgs.models import Organisation, OrganisationKind, Place, PlaceLevel


def make_uscc(n: int, district: str = "110101") -> str:
    body = "52" + district + "".join(USCC_CHARSET[(n // 31**i) % 31] for i in range(9))
    return body + uscc_check_char(body)


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"测试用户{n}")
    email = factory.Sequence(lambda n: f"user{n}@example.test")
    phone = factory.Sequence(lambda n: f"1390000{n:04d}")
    password = factory.PostGenerationMethodCall("set_password", "correct-horse-9")

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class PlaceFactory(DjangoModelFactory):
    class Meta:
        model = Place

    name = factory.Sequence(lambda n: f"测试区{n}")
    level = PlaceLevel.DISTRICT
    parent = None


class OrganisationFactory(DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"测试社会工作服务中心{n}")
    short_name = factory.Sequence(lambda n: f"测试{n}")
    kind = OrganisationKind.SERVICE
    uscc = factory.Sequence(lambda n: make_uscc(n + 1000))
    contact_name = "张测试"
    contact_phone = factory.Sequence(lambda n: f"1380000{n:04d}")


class MembershipFactory(DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = MemberRole.MEMBER


class PlatformRoleFactory(DjangoModelFactory):
    class Meta:
        model = PlatformRole

    user = factory.SubFactory(UserFactory)
