"""Tells app.client_address where a NiceGUI event handler's client is connecting from.

Event handlers run without a request of their own; their client keeps the request that built the page.
Uvicorn's proxy-header handling (FORWARDED_ALLOW_IPS, see app/server_setup.py) already rewrote that
request's client address when a trusted proxy forwarded it, exactly as for API requests.
"""

from __future__ import annotations

from nicegui.slot import Slot, get_task_id

from app import client_address


def ui_client_address() -> str | None:
    """The current UI client's address, or None outside a UI handler (background task, API request)."""
    # Looked up without ui.context: that would file an empty slot stack for every background task that
    # writes to the database (and make a pseudo client before the app starts).
    stack = Slot.stacks.get(get_task_id())
    if not stack:  # not inside a page build, event handler or timer of some client
        return None
    try:
        request = stack[-1].parent.client.request
    except RuntimeError:  # the element's client is gone, or it was built without a request (script mode)
        return None
    return request.client.host[:64] if request.client is not None else None


def install() -> None:
    client_address.set_reader(ui_client_address)
