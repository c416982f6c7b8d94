"""The calibrated demo data set (2020–2022, Borås SOF's berättelse 2022), apart from the product's logic.

`build` writes the files, `org` the organisation and census, `plan` the calibrated totals,
`events` the rows, `texts` the free-text descriptions.
"""

from analytics.demo.build import DEFAULT_SEED, MAX_SCALE, generate, main

__all__ = ["DEFAULT_SEED", "MAX_SCALE", "generate", "main"]
