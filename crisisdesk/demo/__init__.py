"""The demo crisis (`crisis`) and its stories, one per feature, each handed a `Story`.

Nothing in the features imports this package: the demo drives them from above, as a
crisis room would, through the `Desk` and its services.
"""
