"""The web app (``occlusion serve``): phone-first pages and a JSON API over the services.

Build it with :func:`occlusion.web.app.create_app`; it holds no business logic of its own beyond
accounts, access grants and the audit log (:mod:`occlusion.web.accounts`,
:mod:`occlusion.web.grants`). Not a medical device (``occlusion.NOT_A_MEDICAL_DEVICE``).
"""
