"""The registrar desk: accounts, the queue of duplicate candidates, and the registrars'
decisions (merge, not the same, split, undo), each under an optimistic lock and recorded
in the audit table with the registrar's name.

    samverkan users add anna --role registrar      # accounts (samverkan.desk.commands)
    samverkan dedup queue --db samverkan.db         # fill the queue (samverkan.desk.queue)
    samverkan serve --db samverkan.db --registrar   # the desk at /samverkan/desk (samverkan.desk.routes)

Modules: accounts (users, argon2 hashes), queue (candidates from dedup, filters),
records (what the desk shows of a record), decisions (the actions, locking, audit trail),
sessions (signed cookies, login rate limit), routes (the web pages), commands (CLI).
"""
