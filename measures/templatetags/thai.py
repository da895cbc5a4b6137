"""Template filters for Thai dates and digits: {% load thai %} then {{ value|thai_date }}."""
from django import template

from itaportal import thai

register = template.Library()


@register.filter
def thai_digits(value):
    return thai.thai_digits(value)


@register.filter
def be_year(value):
    return thai.be_year(value) if value not in (None, "") else ""


@register.filter
def thai_month(value):
    return thai.month_abbr(value) if value else ""


@register.filter
def thai_date(value):
    return thai.date_full(value) if value else ""


@register.filter
def thai_date_short(value):
    return thai.date_short(value) if value else ""


@register.filter
def score(value):
    return thai.score(value)
