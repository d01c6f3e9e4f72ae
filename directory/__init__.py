"""The business directory: districts, categories, languages and payment
methods (snippets), business pages with opening hours, positions and
coordinates, geocoding, the listing, filters and map, CSV import and export,
ownership claims and invitations. Builds on `quartier`."""
