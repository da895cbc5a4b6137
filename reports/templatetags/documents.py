"""Filters for the document templates: {% load documents %}."""
from django import template

from itaportal import thai

register = template.Library()


@register.filter
def digits(value, thai_digits=True):
    """Numbers written in the template itself ("๑.", "๒.๑") follow the document's digit choice."""
    return thai.digits(value, thai=bool(thai_digits))
