from django.apps import AppConfig


class FreshnessConfig(AppConfig):
    name = "freshness"
    verbose_name = "Aktuelle Angaben"

    def ready(self):
        # Views and clicks are buffered per process and written in batches.
        from quartier import counters

        from . import statistics

        counters.on_flush(statistics.COUNTER, statistics.write_counts)
