"""Per-layer pytest plugin modules, loaded by `postdeploy.plugin`; each layer owns its own module."""
