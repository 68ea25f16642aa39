"""report-audit: audits the documentation behind CPT 75571 (CT coronary calcium scoring)
claims. Public API: ``audit``, ``audit_many``, ``extract`` and the models."""
__version__ = "0.1.0"  # before the imports: sub-modules read it while the package loads

from .api import CaseInput, audit, audit_many, extract
from .models import AuditResult, Extraction, Finding

__all__ = ["audit", "audit_many", "extract", "CaseInput", "AuditResult", "Extraction", "Finding", "__version__"]
