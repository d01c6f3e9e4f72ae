# Production image: multi-stage, non-root, gunicorn + whitenoise.
# Migrations are a release step (see docker-compose.yml), not part of start-up.

FROM python:3.11-slim-bookworm AS builder
RUN apt-get update --yes --quiet \
 && apt-get install --yes --quiet --no-install-recommends build-essential libpq-dev libjpeg62-turbo-dev zlib1g-dev libwebp-dev \
 && rm -rf /var/lib/apt/lists/* \
 && python -m venv /opt/venv
ENV PATH="/opt/venv/bin:$PATH"
WORKDIR /build
COPY pyproject.toml README.md ./
COPY quartier ./quartier
COPY directory ./directory
COPY blog ./blog
COPY search ./search
COPY outreach ./outreach
RUN pip install --no-cache-dir --upgrade "pip>=25.1" "setuptools>=78.1.1" && pip install --no-cache-dir .

FROM python:3.11-slim-bookworm AS runtime
RUN apt-get update --yes --quiet \
 && apt-get install --yes --quiet --no-install-recommends libpq5 libjpeg62-turbo libwebp7 libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --create-home --uid 1000 quartier
ENV PYTHONUNBUFFERED=1 \
    PATH="/opt/venv/bin:$PATH" \
    DJANGO_SETTINGS_MODULE=quartier.settings.production \
    PORT=8000
COPY --from=builder /opt/venv /opt/venv
WORKDIR /app
COPY --chown=quartier:quartier . .
# collectstatic and the translation catalogues at build time; a throwaway key
# is enough because neither touches the database or signs anything.
RUN SECRET_KEY=build-only-not-secret python manage.py compile_translations \
 && SECRET_KEY=build-only-not-secret python manage.py collectstatic --noinput --verbosity 0 \
 && mkdir -p /app/media && chown quartier:quartier /app/media
USER quartier
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s CMD python -c "import urllib.request,os; urllib.request.urlopen(f'http://127.0.0.1:{os.environ[\"PORT\"]}/healthz/')"
CMD ["sh", "-c", "exec gunicorn quartier.wsgi:application --bind 0.0.0.0:${PORT} --workers ${WEB_CONCURRENCY:-3} --access-logfile - --logger-class quartier.access_log.RedactingLogger"]
