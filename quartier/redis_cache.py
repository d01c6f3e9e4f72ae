"""Django's Redis cache with one redis-py client per connection pool.

Django's RedisCacheClient.get_client() builds a new `redis.Redis` object for
every cache operation; each copies redis-py's table of some 170 response
callbacks, about 0.13 ms of CPU, more than the round trip to Redis itself. A
cached page costs one or two operations, so that was a third of its CPU time
(docs/entwicklung/leistung.md). A `redis.Redis` is safe to share between
threads (each command takes a connection from the pool), so one per pool is
kept and reused; the pools themselves are Django's."""

import threading

from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient


class ReusedClientRedisCacheClient(RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}
        self._clients_lock = threading.Lock()

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            with self._clients_lock:
                client = self._clients.setdefault(id(pool), self._client(connection_pool=pool))
        return client


class RedisCache(DjangoRedisCache):
    """settings.CACHES BACKEND "quartier.redis_cache.RedisCache": Django's
    RedisCache, LOCATION and OPTIONS as there."""

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusedClientRedisCacheClient
