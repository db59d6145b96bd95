"""Reference data: zones with their keeping rules, breeds, rejection reasons, the service area and districts, and
geometry in micro-degrees."""
