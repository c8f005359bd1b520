"""Page objects for the critical flows (auth, browse, booking, checkout) and the page-health watcher.

Pure Playwright, no pytest: the e2e plugin wires them into fixtures. Import the submodules directly.
"""
