"""Framework-free helpers: no Django, no settings, no clock."""
