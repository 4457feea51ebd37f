from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.http import HttpRequest

from wushe.accounts.models import User


class PhoneOrEmailBackend(ModelBackend):
    """Sign in with an e-mail address or a mobile number and a password."""

    def authenticate(
        self, request: HttpRequest | None, username: str | None = None, password: str | None = None, **kwargs: Any
    ) -> User | None:
        if username is None or password is None:
            return None
        user = User.objects.get_by_login(username)
        if user is None:
            User().set_password(password)  # same work whether or not the login exists
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None
