"""The build's machinery: worker processes and caches. Knows neither MkDocs nor the content."""
