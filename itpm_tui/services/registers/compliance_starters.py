"""Starter requirement sets, written for itpm in our own words: a checklist to begin an audit.

They name themes of each framework, not the standards' text; the manager adds and edits.
"""

from __future__ import annotations

STARTERS: dict[str, list[tuple[str, str]]] = {
    "ISO/IEC 27001 (Annex A themes)": [
        ("A.5", "Organisational: security policies approved and reviewed"),
        ("A.5", "Organisational: roles and responsibilities for security assigned"),
        ("A.5", "Organisational: supplier security agreed and monitored"),
        ("A.5", "Organisational: incident management process in place"),
        ("A.5", "Organisational: business continuity covers this system"),
        ("A.6", "People: screening and security awareness for the team"),
        ("A.7", "Physical: equipment and sites protected"),
        ("A.8", "Technological: access rights granted by least privilege and reviewed"),
        ("A.8", "Technological: secure authentication (MFA) for privileged access"),
        ("A.8", "Technological: logging and monitoring of security events"),
        ("A.8", "Technological: backups taken and restores tested"),
        ("A.8", "Technological: vulnerabilities patched on a schedule"),
        ("A.8", "Technological: changes follow change management"),
    ],
    "GDPR": [
        ("Art.5", "Personal data processed has a documented purpose and minimum scope"),
        ("Art.6", "A lawful basis is recorded for each processing activity"),
        ("Art.30", "Record of processing activities updated for this system"),
        ("Art.32", "Security of processing: encryption and access control"),
        ("Art.33", "Breach notification within 72 hours is possible"),
        ("Art.35", "Data protection impact assessment done where needed"),
        ("Art.28", "Processor contracts (DPAs) signed with vendors"),
        ("Art.15-22", "Data subject requests (access, erasure) can be served"),
        ("Art.44", "Transfers outside the EEA have safeguards"),
    ],
    "SOX IT general controls": [
        ("ITGC-AC", "Access to financial systems approved, reviewed quarterly"),
        ("ITGC-AC", "Terminated users removed promptly"),
        ("ITGC-AC", "Privileged and generic accounts controlled"),
        ("ITGC-CM", "Changes to financial systems tested and approved before release"),
        ("ITGC-CM", "Developers cannot deploy their own changes to production"),
        ("ITGC-OP", "Batch jobs and interfaces monitored, failures resolved"),
        ("ITGC-OP", "Backups of financial data taken and restorable"),
        ("ITGC-SD", "New systems and data migrations reconciled and signed off"),
    ],
    "PCI DSS": [
        ("Req.1", "Network security controls protect the cardholder data environment"),
        ("Req.2", "Secure configurations, no vendor default passwords"),
        ("Req.3", "Stored account data protected; retention minimised"),
        ("Req.4", "Cardholder data encrypted over open networks"),
        ("Req.5", "Anti-malware on systems at risk"),
        ("Req.6", "Secure development and timely patching"),
        ("Req.7", "Access to cardholder data by business need to know"),
        ("Req.8", "Users identified and authenticated (MFA into the CDE)"),
        ("Req.10", "Access to system components and data logged and reviewed"),
        ("Req.11", "Security tested regularly (scans, penetration tests)"),
        ("Req.12", "Information security policy and awareness in place"),
    ],
}
