"""HTML helpers shared by the security tests and the browser journeys."""

from bs4 import BeautifulSoup

SCRIPT_URL_SCHEMES = ("javascript:", "vbscript:", "data:text/html")
URL_ATTRIBUTES = ("href", "src", "action", "formaction", "xlink:href", "srcdoc")
DATA_SCRIPT_TYPES = {"application/json", "application/ld+json"}


def executable_injections(html):
    """Everything in `html` that a browser would execute: inline scripts (other
    than JSON data), event-handler attributes, script URLs, inline frames and objects."""
    soup = BeautifulSoup(html, "html.parser")
    found = []
    for script in soup.find_all("script"):
        if script.get("src") and not script.get_text(strip=True):
            continue
        if script.get("type") in DATA_SCRIPT_TYPES:
            continue
        found.append(str(script)[:200])
    for element in soup.find_all(True):
        for name, value in element.attrs.items():
            if name.lower().startswith("on"):
                found.append(f"<{element.name} {name}=...>")
            if name.lower() in URL_ATTRIBUTES:
                text = value if isinstance(value, str) else " ".join(value)
                compact = "".join(text.split()).lower()
                if compact.startswith(SCRIPT_URL_SCHEMES):
                    found.append(f"<{element.name} {name}={text[:80]!r}>")
        if element.name in {"iframe", "object", "embed", "base", "svg", "math"}:
            found.append(f"<{element.name}>")
    return found


def admin_form_data(html, form_id):
    """The values a browser would submit from the form `form_id`: what the
    page shows now, so a test changes only the fields it means to change."""
    soup = BeautifulSoup(html, "html.parser")
    form = soup.find("form", id=form_id)
    if form is None:
        raise AssertionError(f"form #{form_id} not found")
    data = {}
    for field in form.find_all(["input", "select", "textarea"]):
        name = field.get("name")
        if not name or "__prefix__" in name or field.find_parent("template"):
            continue
        if field.name == "textarea":
            data[name] = field.get_text()
        elif field.name == "select":
            selected = [
                o.get("value", o.get_text()) for o in field.find_all("option", selected=True)
            ]
            if field.has_attr("multiple"):
                data[name] = selected
            else:
                options = field.find_all("option")
                data[name] = (
                    selected[0] if selected else (options[0].get("value", "") if options else "")
                )
        elif field.get("type") in {"checkbox", "radio"}:
            if field.has_attr("checked"):
                if field.get("type") == "checkbox" and name in data:
                    existing = data[name] if isinstance(data[name], list) else [data[name]]
                    data[name] = [*existing, field.get("value", "on")]
                else:
                    data[name] = field.get("value", "on")
        elif field.get("type") in {"submit", "button", "file", "image", "reset"}:
            continue
        else:
            data[name] = field.get("value", "")
    return data
