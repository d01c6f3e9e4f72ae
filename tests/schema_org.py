"""Checks JSON-LD against the schema.org vocabulary itself (release 30.0,
tools/schemaorg/): every type and property exists, every property is allowed
on its type (`domainIncludes` along the type's superclasses) and every typed
value or enumeration member fits the property's `rangeIncludes`.

`problems(data)` lists what does not hold, as readable lines; [] is valid.
It follows schema.org's data model, which is lenient in one place: a Text
or URL may stand where a type is expected ("we expect … but Text is OK")."""

import functools
import json
import re
from pathlib import Path

VOCABULARY = (
    Path(__file__).resolve().parent.parent / "tools/schemaorg/schemaorg-current-https.jsonld"
)
# The JSON-LD's own keywords, allowed on every node.
KEYWORDS = {"@context", "@type", "@id"}
CONTEXTS = {"https://schema.org", "https://schema.org/", "http://schema.org", "http://schema.org/"}
SCHEMA_URL = re.compile(r"^https?://schema\.org/([A-Za-z0-9]+)$")
# Literal data types a plain JSON string, number or boolean can be.
DATA_TYPES = {
    "Text",
    "URL",
    "Number",
    "Integer",
    "Float",
    "Boolean",
    "Date",
    "DateTime",
    "Time",
    "CssSelectorType",
    "XPathType",
    "PronounceableText",
}


def _ids(value):
    """The local names ("Place") of a node's {"@id": "schema:Place"} or list of them."""
    if value is None:
        return []
    items = value if isinstance(value, list) else [value]
    return [item["@id"].split(":", 1)[1] for item in items if item["@id"].startswith("schema:")]


class Vocabulary:
    def __init__(self, path=VOCABULARY):
        graph = json.loads(Path(path).read_text(encoding="utf-8"))["@graph"]
        self.classes = {}  # name → direct superclasses
        self.properties = {}  # name → (domain, range)
        self.members = {}  # enumeration member → its enumeration types
        for node in graph:
            if not node["@id"].startswith("schema:"):
                continue
            name = node["@id"].split(":", 1)[1]
            kinds = node["@type"] if isinstance(node["@type"], list) else [node["@type"]]
            if "rdfs:Class" in kinds:
                self.classes[name] = _ids(node.get("rdfs:subClassOf"))
            elif "rdf:Property" in kinds:
                self.properties[name] = (
                    set(_ids(node.get("schema:domainIncludes"))),
                    set(_ids(node.get("schema:rangeIncludes"))),
                )
            else:
                self.members[name] = {kind.split(":", 1)[1] for kind in kinds}

    @functools.cache  # noqa: B019  (one vocabulary per test session)
    def ancestors(self, name):
        """The type and all its superclasses."""
        found = {name}
        for parent in self.classes.get(name, []):
            found |= self.ancestors(parent)
        return frozenset(found)

    def is_a(self, name, other):
        return other in self.ancestors(name)

    def problems(self, data, path="$"):
        """What in `data` (a JSON-LD object or list of them) the vocabulary does not allow."""
        found = []
        for index, item in enumerate(data if isinstance(data, list) else [data]):
            where = f"{path}[{index}]" if isinstance(data, list) else path
            context = item.get("@context")
            if context is not None and context not in CONTEXTS:
                found.append(f"{where}: @context {context!r} is not schema.org")
            found += self._node(item, where)
        return found

    def _node(self, node, where):
        if "@type" not in node:
            return [f"{where}: object without @type"]
        types = node["@type"] if isinstance(node["@type"], list) else [node["@type"]]
        unknown = [name for name in types if name not in self.classes]
        if unknown:
            return [f"{where}: unknown type {', '.join(unknown)}"]
        own = set().union(*(self.ancestors(name) for name in types))
        found = []
        for key, value in node.items():
            if key in KEYWORDS:
                continue
            place = f"{where}.{key}"
            if key not in self.properties:
                found.append(f"{place}: unknown property")
                continue
            domain, range_ = self.properties[key]
            if not domain & own:
                found.append(f"{place}: not a property of {'/'.join(types)}")
            for value_item in value if isinstance(value, list) else [value]:
                found += self._value(value_item, range_, place)
        return found

    def _value(self, value, range_, where):
        if isinstance(value, dict):
            found = self._node(value, where)
            types = value.get("@type")
            types = types if isinstance(types, list) else [types]
            if not found and not any(
                self.is_a(name, expected) for name in types for expected in range_
            ):
                found.append(f"{where}: {'/'.join(types)} is not a {'/'.join(sorted(range_))}")
            return found
        if isinstance(value, str):
            member = SCHEMA_URL.match(value)
            if member and member.group(1) in self.members:
                kinds = self.members[member.group(1)]
                if not any(self.is_a(kind, expected) for kind in kinds for expected in range_):
                    return [f"{where}: {member.group(1)} is not a {'/'.join(sorted(range_))}"]
                return []
            if member and range_ & {"DayOfWeek", "EventStatusType", "ItemAvailability"}:
                return [f"{where}: unknown enumeration member {value!r}"]
        literal = range_ & DATA_TYPES or any(self.is_a(expected, "DataType") for expected in range_)
        if not literal and not isinstance(value, str):
            return [f"{where}: literal {value!r} where {'/'.join(sorted(range_))} is expected"]
        return []


@functools.cache
def vocabulary():
    return Vocabulary()


JSON_LD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


def json_ld_blocks(html):
    """The parsed JSON-LD blocks of a page."""
    return [json.loads(block) for block in JSON_LD.findall(html)]


def nodes(data):
    """Every top-level JSON-LD node of a block (a block may be a list of them)."""
    return data if isinstance(data, list) else [data]
