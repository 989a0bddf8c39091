"""The cluster test signs HR in with a real browser: the browser tests' fixtures."""

from tests.browser.conftest import chromium_path, launch_chromium, playwright_instance

__all__ = ['chromium_path', 'launch_chromium', 'playwright_instance']
