import pytest

from ..directory.factories import german  # noqa: F401  (fixture)
from .factories import make_board


@pytest.fixture
def board(home_page):
    return make_board(home_page)
