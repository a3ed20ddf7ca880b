"""Live connectors: one poll fetches what is new and returns it with the cursor to keep.

They hold no database and read no keyring: the caller passes the secret, stores the messages
(idempotent by channel + external id), then persists ``PollResult.state`` for the next poll. A
poll that fails returns the error with the *old* cursor, so the next poll resumes without gaps.
"""
