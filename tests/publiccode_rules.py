"""The rules of the Standard for Public Code's core schema (publiccode.yml), as a checker.

The Standard's own validator (publiccode-parser-go) is a Go program; this machine and CI reach
PyPI, npm and Debian but not the Go module proxy, so Koers checks its file with these rules,
written from the Standard's core schema (https://yml.publiccode.tools/schema.core.html,
version 0.4): mandatory keys, types, the controlled vocabularies (categories, scope,
development status, software type, maintenance type), lengths, dates, BCP 47 language tags
and SPDX licence expressions. Network checks (do the URLs answer) are left out, like the
parser's ``--no-network``.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

VERSIONS = {"0.2", "0.3", "0.4"}
TOP_LEVEL = {
    "publiccodeYmlVersion",
    "name",
    "applicationSuite",
    "url",
    "landingURL",
    "isBasedOn",
    "organizationUri",
    "softwareVersion",
    "releaseDate",
    "logo",
    "platforms",
    "categories",
    "usedBy",
    "roadmap",
    "developmentStatus",
    "softwareType",
    "intendedAudience",
    "description",
    "legal",
    "maintenance",
    "localisation",
    "dependsOn",
    # deprecated but still valid
    "monochromeLogo",
    "inputTypes",
    "outputTypes",
}
MANDATORY = (
    "publiccodeYmlVersion",
    "name",
    "url",
    "platforms",
    "categories",
    "developmentStatus",
    "softwareType",
    "description",
    "legal",
    "maintenance",
    "localisation",
)
DEVELOPMENT_STATUS = {"concept", "development", "beta", "stable", "obsolete"}
SOFTWARE_TYPE = {
    "standalone/mobile",
    "standalone/iot",
    "standalone/desktop",
    "standalone/web",
    "standalone/backend",
    "standalone/other",
    "addon",
    "library",
    "configurationFiles",
}
MAINTENANCE_TYPE = {"internal", "contract", "community", "none"}
CATEGORIES = set(
    [
        "accounting",
        "agile-project-management",
        "applicant-tracking",
        "application-development",
        "appointment-scheduling",
        "backup",
        "billing-and-invoicing",
        "blog",
        "budgeting",
        "business-intelligence",
        "business-process-management",
        "cad",
        "call-center-management",
        "cloud-management",
        "collaboration",
        "communications",
        "compliance-management",
        "contact-management",
        "content-management",
        "crm",
        "customer-service-and-support",
        "data-analytics",
        "data-collection",
        "data-visualization",
        "design",
        "design-system",
        "digital-asset-management",
        "digital-citizenship",
        "document-management",
        "donor-management",
        "e-commerce",
        "e-signature",
        "educational-content",
        "email-management",
        "email-marketing",
        "employee-management",
        "enterprise-project-management",
        "enterprise-social-networking",
        "erp",
        "event-management",
        "facility-management",
        "feedback-and-reviews-management",
        "financial-reporting",
        "fleet-management",
        "fundraising",
        "gamification",
        "geographic-information-systems",
        "grant-management",
        "graphic-design",
        "help-desk",
        "hr",
        "ide",
        "identity-management",
        "instant-messaging",
        "inventory-management",
        "it-asset-management",
        "it-development",
        "it-management",
        "it-security",
        "it-service-management",
        "knowledge-management",
        "learning-management-system",
        "marketing",
        "mind-mapping",
        "mobile-marketing",
        "mobile-payment",
        "network-management",
        "office",
        "online-booking",
        "online-community",
        "payment-gateway",
        "payroll",
        "predictive-analysis",
        "procurement",
        "productivity-suite",
        "project-collaboration",
        "project-management",
        "property-management",
        "real-estate-management",
        "remote-support",
        "resource-management",
        "sales-management",
        "seo",
        "service-desk",
        "social-media-management",
        "survey",
        "talent-management",
        "task-management",
        "taxes-management",
        "test-management",
        "time-management",
        "time-tracking",
        "translation",
        "video-conferencing",
        "video-editing",
        "visitor-management",
        "voip",
        "warehouse-management",
        "web-collaboration",
        "web-conferencing",
        "website-builder",
        "whistleblowing",
        "workflow-management",
    ]
)
SCOPES = set(
    [
        "agriculture",
        "culture",
        "defence",
        "education",
        "emergency-services",
        "employment",
        "energy",
        "environment",
        "finance-and-economic-development",
        "foreign-affairs",
        "healthcare",
        "infrastructures",
        "justice",
        "local-authorities",
        "manufacturing",
        "research",
        "science-and-technology",
        "security",
        "society",
        "sport",
        "tourism",
        "transportation",
        "welfare",
    ]
)
# Open-source licences by SPDX identifier (the common ones; extend when a dependency needs it).
SPDX = {
    "EUPL-1.2",
    "EUPL-1.1",
    "AGPL-3.0-or-later",
    "AGPL-3.0-only",
    "GPL-3.0-or-later",
    "GPL-3.0-only",
    "GPL-2.0-or-later",
    "GPL-2.0-only",
    "LGPL-3.0-or-later",
    "LGPL-2.1-or-later",
    "MPL-2.0",
    "Apache-2.0",
    "MIT",
    "BSD-2-Clause",
    "BSD-3-Clause",
    "0BSD",
    "ISC",
    "CC0-1.0",
}
BCP47 = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")
COUNTRY = re.compile(r"^[a-z]{2}$")
URL = re.compile(r"^https?://[^\s/$.?#][^\s]*$")


def _is_date(value) -> bool:
    if isinstance(value, dt.date):
        return True
    try:
        dt.date.fromisoformat(str(value))
    except ValueError:
        return False
    return bool(re.fullmatch(r"\d{4}-\d{2}-\d{2}", str(value)))


def _spdx_ok(expression: str) -> bool:
    parts = re.split(r"\s+(?:AND|OR)\s+", expression.replace("(", " ").replace(")", " ").strip())
    return all(part.strip() in SPDX for part in parts if part.strip())


def _strings(value) -> bool:
    return isinstance(value, list) and all(isinstance(item, str) and item for item in value)


def problems(data, root: Path | None = None) -> list[str]:
    """Every way ``data`` (the parsed file) breaks the Standard, as ``key: problem`` lines."""
    if not isinstance(data, dict):
        return ["the file is not a mapping"]
    found: list[str] = []
    add = found.append
    for key in MANDATORY:
        if key not in data:
            add(f"{key}: missing")
    for key in data:
        if key not in TOP_LEVEL and not COUNTRY.match(str(key)):
            add(f"{key}: not a key of the Standard")
    if "publiccodeYmlVersion" in data and str(data["publiccodeYmlVersion"]) not in VERSIONS:
        add("publiccodeYmlVersion: not a version of the Standard")
    for key in ("name", "softwareVersion", "applicationSuite"):
        if key in data and not (isinstance(data[key], str) and data[key].strip()):
            add(f"{key}: must be a non-empty string")
    for key in ("url", "landingURL", "roadmap"):
        if key in data and not (isinstance(data[key], str) and URL.match(data[key])):
            add(f"{key}: must be an http(s) URL")
    if "releaseDate" in data and not _is_date(data["releaseDate"]):
        add("releaseDate: must be a date YYYY-MM-DD")
    if "platforms" in data and not (
        isinstance(data["platforms"], str) or _strings(data["platforms"])
    ):
        add("platforms: must be a string or a list of strings")
    categories = data.get("categories")
    if "categories" in data:
        if not _strings(categories) or not categories:
            add("categories: must be a non-empty list")
        else:
            for category in categories:
                if category not in CATEGORIES:
                    add(f"categories: {category!r} is not in the Standard's list")
    if "developmentStatus" in data and data["developmentStatus"] not in DEVELOPMENT_STATUS:
        add("developmentStatus: must be one of " + ", ".join(sorted(DEVELOPMENT_STATUS)))
    if "softwareType" in data and data["softwareType"] not in SOFTWARE_TYPE:
        add("softwareType: must be one of " + ", ".join(sorted(SOFTWARE_TYPE)))
    found += _audience(data.get("intendedAudience"))
    found += _description(data.get("description"))
    found += _legal(data.get("legal"))
    found += _maintenance(data.get("maintenance"))
    found += _localisation(data.get("localisation"))
    found += _depends_on(data.get("dependsOn"))
    logo = data.get("logo")
    local_logo = root is not None and isinstance(logo, str) and "://" not in logo
    if local_logo and not (root / logo).is_file():
        add("logo: the file is not in the repository")
    return found


def _audience(audience) -> list[str]:
    if audience is None:
        return []
    if not isinstance(audience, dict):
        return ["intendedAudience: must be a mapping"]
    found = []
    for key in ("countries", "unsupportedCountries"):
        for country in audience.get(key, []) or []:
            if not COUNTRY.match(str(country)):
                found.append(f"intendedAudience.{key}: {country!r} is not an ISO 3166-1 code")
    for scope in audience.get("scope", []) or []:
        if scope not in SCOPES:
            found.append(f"intendedAudience.scope: {scope!r} is not in the Standard's list")
    return found


def _description(description) -> list[str]:
    if description is None:
        return []
    if not isinstance(description, dict) or not description:
        return ["description: must hold at least one language"]
    found = []
    has_long = has_features = False
    for language, text in description.items():
        where = f"description.{language}"
        if not BCP47.match(str(language)):
            found.append(f"{where}: not a BCP 47 language tag")
        if not isinstance(text, dict):
            found.append(f"{where}: must be a mapping")
            continue
        short = text.get("shortDescription")
        if not isinstance(short, str) or not short.strip():
            found.append(f"{where}.shortDescription: missing")
        elif len(short) > 150:
            found.append(f"{where}.shortDescription: longer than 150 characters")
        if "longDescription" in text:
            has_long = True
            long = text["longDescription"]
            if not isinstance(long, str) or not 150 <= len(long) <= 10000:
                found.append(f"{where}.longDescription: must be 150 to 10,000 characters")
        if "features" in text:
            has_features = True
            if not _strings(text["features"]):
                found.append(f"{where}.features: must be a list of strings")
        if "genericName" in text and len(str(text["genericName"])) > 35:
            found.append(f"{where}.genericName: longer than 35 characters")
        for key in ("documentation", "apiDocumentation"):
            if key in text and not URL.match(str(text[key])):
                found.append(f"{where}.{key}: must be an http(s) URL")
    if not has_long:
        found.append("description: longDescription is mandatory in at least one language")
    if not has_features:
        found.append("description: features are mandatory in at least one language")
    return found


def _legal(legal) -> list[str]:
    if legal is None:
        return []
    if not isinstance(legal, dict) or "license" not in legal:
        return ["legal.license: missing"]
    if not _spdx_ok(str(legal["license"])):
        return ["legal.license: not an SPDX expression of open-source licences"]
    return []


def _maintenance(maintenance) -> list[str]:
    if maintenance is None:
        return []
    if not isinstance(maintenance, dict):
        return ["maintenance: must be a mapping"]
    found = []
    kind = maintenance.get("type")
    if kind not in MAINTENANCE_TYPE:
        found.append("maintenance.type: must be one of " + ", ".join(sorted(MAINTENANCE_TYPE)))
    contacts = maintenance.get("contacts") or []
    if kind in {"internal", "community"} and not contacts:
        found.append(f"maintenance.contacts: mandatory when the type is {kind}")
    for contact in contacts:
        if not isinstance(contact, dict) or not str(contact.get("name", "")).strip():
            found.append("maintenance.contacts: every contact needs a name")
    contractors = maintenance.get("contractors") or []
    if kind == "contract" and not contractors:
        found.append("maintenance.contractors: mandatory when the type is contract")
    for contractor in contractors:
        if not isinstance(contractor, dict) or not contractor.get("name"):
            found.append("maintenance.contractors: every contractor needs a name")
        elif not _is_date(contractor.get("until", "")):
            found.append("maintenance.contractors: 'until' must be a date YYYY-MM-DD")
    return found


def _localisation(localisation) -> list[str]:
    if localisation is None:
        return []
    if not isinstance(localisation, dict):
        return ["localisation: must be a mapping"]
    found = []
    if not isinstance(localisation.get("localisationReady"), bool):
        found.append("localisation.localisationReady: must be true or false")
    languages = localisation.get("availableLanguages")
    if not _strings(languages) or not languages:
        found.append("localisation.availableLanguages: must list at least one language")
    else:
        for language in languages:
            if not BCP47.match(language):
                found.append(f"localisation.availableLanguages: {language!r} is not BCP 47")
    return found


def _depends_on(depends_on) -> list[str]:
    if depends_on is None:
        return []
    if not isinstance(depends_on, dict):
        return ["dependsOn: must be a mapping"]
    found = []
    for kind, dependencies in depends_on.items():
        if kind not in {"open", "proprietary", "hardware"}:
            found.append(f"dependsOn.{kind}: must be open, proprietary or hardware")
            continue
        for dependency in dependencies or []:
            if not isinstance(dependency, dict) or not dependency.get("name"):
                found.append(f"dependsOn.{kind}: every dependency needs a name")
                continue
            if "optional" in dependency and not isinstance(dependency["optional"], bool):
                found.append(f"dependsOn.{kind}.{dependency['name']}: optional must be a boolean")
            for key in ("version", "versionMin", "versionMax"):
                if key in dependency and not isinstance(dependency[key], str):
                    found.append(f"dependsOn.{kind}.{dependency['name']}: {key} must be a string")
    return found
