"""Users in the Django admin: account, unit, and role grants (scope) inline. API tokens are
listed read-only (only their hash is stored; keys are issued in the application)."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import UserChangeForm, UserCreationForm
from django.utils.translation import gettext_lazy as _

from tdkt.accounts.models import ApiToken, RoleGrant, User
from tdkt.common.audit import audit_log, snapshot


class TdktUserCreationForm(UserCreationForm):
    class Meta(UserCreationForm.Meta):
        model = User
        fields = ("username", "full_name", "unit")


class TdktUserChangeForm(UserChangeForm):
    class Meta(UserChangeForm.Meta):
        model = User
        fields = "__all__"


class RoleGrantInline(admin.TabularInline):
    model = RoleGrant
    fk_name = "user"
    fields = ("role", "unit", "revoked_at", "granted_by", "created")
    readonly_fields = ("granted_by", "created")
    autocomplete_fields = ()
    extra = 0

    def has_delete_permission(self, request, obj=None):
        return False  # a grant is revoked (revoked_at), never deleted: the history stays


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    form = TdktUserChangeForm
    add_form = TdktUserCreationForm
    list_display = ("username", "full_name", "unit", "email", "is_active", "is_staff", "last_login")
    list_filter = ("is_active", "is_staff", "is_superuser", "role_grants__role")
    list_select_related = ("unit",)
    search_fields = ("username", "full_name", "email", "unit__name")
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("Thông tin cá nhân"), {"fields": ("full_name", "email", "phone", "unit")}),
        (
            _("Quyền hạn"),
            {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")},
        ),
        (_("Thời điểm"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("username", "full_name", "unit", "password1", "password2"),
            },
        ),
    )
    readonly_fields = ("last_login", "date_joined")
    inlines = (RoleGrantInline,)

    def save_formset(self, request, form, formset, change):
        instances = formset.save(commit=False)
        for obj in instances:
            if isinstance(obj, RoleGrant):
                is_new = obj.pk is None
                old = None if is_new else RoleGrant.objects.filter(pk=obj.pk).first()
                before = snapshot(old) if old is not None else None
                if is_new:
                    obj.granted_by = request.user
                obj.save()
                audit_log(
                    obj,
                    action="accounts.rolegrant." + ("create" if is_new else "update"),
                    actor=request.user,
                    before=before,
                    after=snapshot(obj),
                )
            else:
                obj.save()
        formset.save_m2m()


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ("name", "user", "prefix", "created", "last_used", "revoked_at")
    list_select_related = ("user",)
    search_fields = ("name", "user__username", "prefix")
    fields = ("name", "user", "prefix", "created", "last_used", "revoked_at")
    readonly_fields = ("name", "user", "prefix", "created", "last_used")

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
