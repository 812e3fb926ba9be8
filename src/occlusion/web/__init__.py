"""The web app (``occlusion serve``): phone-first pages and a JSON API over the services.

Build it with :func:`occlusion.web.app.create_app`. This package holds HTTP only: routes, forms,
templates, the event stream, cookies, CSRF and the sign-in rate limit per client address.
Accounts, grants, the audit trail, the use cases over a person's record and the running sessions
are services (:mod:`occlusion.services.accounts`, :mod:`~occlusion.services.grants`,
:mod:`~occlusion.services.audit`, :mod:`~occlusion.services.records`,
:mod:`~occlusion.services.live_sessions`). Not a medical device
(``occlusion.NOT_A_MEDICAL_DEVICE``).
"""
