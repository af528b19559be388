"""An extractor over the full gazetteer, for the modules of this folder that do not make
their own."""

from __future__ import annotations

import pytest

from geo.extract.incidents import Extractor
from geo.resolve.chain import Resolver


@pytest.fixture(scope="module")
def extractor(gazetteer):
    return Extractor(Resolver(gazetteer))
