"""The pytest plugin modules of a postdeploy run, registered by `postdeploy.plugin` only when a run is
asked for: core (shared fixtures and hooks), browser, one per layer, and the report."""
