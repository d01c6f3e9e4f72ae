"""The project package and shared core: settings, URLs, the home and standard
pages, the shared base page, blocks and form mixins, interface languages, the
page cache, rate limits, dates, access logging and roles. Every app may import
from here; the core imports no app at module level."""
