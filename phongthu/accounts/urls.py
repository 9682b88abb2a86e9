from django.contrib.auth import views as auth_views
from django.urls import path

from phongthu.accounts.throttle import ThrottledAuthenticationForm
from phongthu.accounts.user_admin import UserCreateView, UserDetailView, UserListView
from phongthu.accounts.views import ApiTokenActionView, ApiTokenListView

urlpatterns = [
    path(
        "login/",
        auth_views.LoginView.as_view(redirect_authenticated_user=True, authentication_form=ThrottledAuthenticationForm),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path("password/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("tokens/", ApiTokenListView.as_view(), name="api-tokens"),
    path("tokens/<int:pk>/revoke/", ApiTokenActionView.as_view(action="revoke"), name="api-token-revoke"),
    path("tokens/<int:pk>/rotate/", ApiTokenActionView.as_view(action="rotate"), name="api-token-rotate"),
    path("users/", UserListView.as_view(), name="user-admin"),
    path("users/new/", UserCreateView.as_view(), name="user-admin-new"),
    path("users/<int:pk>/", UserDetailView.as_view(), name="user-admin-detail"),
]
