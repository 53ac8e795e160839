"""The access rules in templates: ``{% load access %}`` then ``{% if user|may:"see_region" %}`` or
``{% if user|may_deactivate:person %}``. Every name is a predicate of ``plans.access``; an unknown name is an
error, not a silent False."""

from django import template

from plans import access

register = template.Library()

# The user-level questions a template may ask: name -> predicate(user).
QUESTIONS = {
    "see_region": access.can_see_region,
    "see_nation": access.can_see_nation,
    "see_review_queue": access.can_see_review_queue,
    "enter_results": access.enters_results,
    "manage_users": access.can_manage_users,
    "lock": access.can_lock,
    "manage_plans": access.can_manage_plans,
}


@register.filter
def may(user, question: str) -> bool:
    try:
        predicate = QUESTIONS[question]
    except KeyError as exc:
        raise template.TemplateSyntaxError(f"unknown access question {question!r}") from exc
    return predicate(user)


@register.filter
def may_deactivate(user, person) -> bool:
    return access.can_deactivate(user, person)
