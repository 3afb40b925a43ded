"""The categories a clause can belong to, named as CUAD names them where CUAD has them.

CUAD (the Contract Understanding Atticus Dataset, Hendrycks et al. 2021) labels 41 categories
in 510 commercial contracts; using its names where ours overlap lets results be compared with
it. The rest cover what matters to a service provider with a difficult client: notice and
cure periods, payment and late payment, scope and change orders, post-termination duties and
the boilerplate (notices, entire agreement…) a revision must keep.
"""

from __future__ import annotations

from enum import StrEnum

__all__ = ["CUAD_CATEGORIES", "ClauseType"]


class ClauseType(StrEnum):
    """A clause category; the value is its display name (CUAD's where CUAD has one)."""

    TERMINATION_FOR_CONVENIENCE = "Termination For Convenience"
    TERMINATION_FOR_CAUSE = "Termination For Cause"
    NOTICE_PERIOD = "Notice Period"
    CURE_PERIOD = "Cure Period"
    TERM = "Term"
    RENEWAL_TERM = "Renewal Term"
    NOTICE_TO_TERMINATE_RENEWAL = "Notice Period To Terminate Renewal"
    CAP_ON_LIABILITY = "Cap On Liability"
    UNCAPPED_LIABILITY = "Uncapped Liability"
    CONSEQUENTIAL_DAMAGES = "Exclusion Of Consequential Damages"
    INDEMNIFICATION = "Indemnification"
    PAYMENT_TERMS = "Payment Terms"
    LATE_PAYMENT = "Late Payment"
    FEES = "Fees"
    SCOPE_OF_SERVICES = "Scope Of Services"
    CHANGE_ORDERS = "Change Orders"
    ACCEPTANCE = "Acceptance"
    WARRANTIES = "Warranties"
    CONFIDENTIALITY = "Confidentiality"
    DATA_PROTECTION = "Data Protection"
    IP_OWNERSHIP = "Ip Ownership Assignment"
    LICENSE_GRANT = "License Grant"
    NO_SOLICIT_EMPLOYEES = "No-Solicit Of Employees"
    NO_SOLICIT_CUSTOMERS = "No-Solicit Of Customers"
    NON_COMPETE = "Non-Compete"
    EXCLUSIVITY = "Exclusivity"
    ANTI_ASSIGNMENT = "Anti-Assignment"
    CHANGE_OF_CONTROL = "Change Of Control"
    GOVERNING_LAW = "Governing Law"
    DISPUTE_RESOLUTION = "Dispute Resolution"
    FORCE_MAJEURE = "Force Majeure"
    INSURANCE = "Insurance"
    AUDIT_RIGHTS = "Audit Rights"
    POST_TERMINATION = "Post-Termination Services"
    NOTICES = "Notices"
    ENTIRE_AGREEMENT = "Entire Agreement"
    AMENDMENT = "Amendment"
    SEVERABILITY = "Severability"
    INDEPENDENT_CONTRACTOR = "Independent Contractor"
    SUBCONTRACTING = "Subcontracting"
    MOST_FAVORED_NATION = "Most Favored Nation"
    COMPETITIVE_RESTRICTION_EXCEPTION = "Competitive Restriction Exception"
    NON_DISPARAGEMENT = "Non-Disparagement"
    ROFR_ROFO_ROFN = "Rofr/Rofo/Rofn"
    REVENUE_PROFIT_SHARING = "Revenue/Profit Sharing"
    PRICE_RESTRICTIONS = "Price Restrictions"
    MINIMUM_COMMITMENT = "Minimum Commitment"
    VOLUME_RESTRICTION = "Volume Restriction"
    JOINT_IP_OWNERSHIP = "Joint Ip Ownership"
    NON_TRANSFERABLE_LICENSE = "Non-Transferable License"
    AFFILIATE_LICENSE_LICENSOR = "Affiliate License-Licensor"
    AFFILIATE_LICENSE_LICENSEE = "Affiliate License-Licensee"
    UNLIMITED_LICENSE = "Unlimited/All-You-Can-Eat-License"
    IRREVOCABLE_OR_PERPETUAL_LICENSE = "Irrevocable Or Perpetual License"
    SOURCE_CODE_ESCROW = "Source Code Escrow"
    LIQUIDATED_DAMAGES = "Liquidated Damages"
    WARRANTY_DURATION = "Warranty Duration"
    COVENANT_NOT_TO_SUE = "Covenant Not To Sue"
    THIRD_PARTY_BENEFICIARY = "Third Party Beneficiary"


#: Categories whose names are CUAD's, so results can be compared with that dataset: all of
#: CUAD's clause categories. CUAD's other five (Document Name, Parties, Agreement Date,
#: Effective Date, Expiration Date) are answers read from the text, not kinds of clause; they
#: come out as parties and terms instead.
CUAD_CATEGORIES: frozenset[ClauseType] = frozenset(
    {
        ClauseType.TERMINATION_FOR_CONVENIENCE,
        ClauseType.RENEWAL_TERM,
        ClauseType.NOTICE_TO_TERMINATE_RENEWAL,
        ClauseType.CAP_ON_LIABILITY,
        ClauseType.UNCAPPED_LIABILITY,
        ClauseType.IP_OWNERSHIP,
        ClauseType.LICENSE_GRANT,
        ClauseType.NO_SOLICIT_EMPLOYEES,
        ClauseType.NO_SOLICIT_CUSTOMERS,
        ClauseType.NON_COMPETE,
        ClauseType.EXCLUSIVITY,
        ClauseType.ANTI_ASSIGNMENT,
        ClauseType.CHANGE_OF_CONTROL,
        ClauseType.GOVERNING_LAW,
        ClauseType.INSURANCE,
        ClauseType.AUDIT_RIGHTS,
        ClauseType.POST_TERMINATION,
        ClauseType.MOST_FAVORED_NATION,
        ClauseType.COMPETITIVE_RESTRICTION_EXCEPTION,
        ClauseType.NON_DISPARAGEMENT,
        ClauseType.ROFR_ROFO_ROFN,
        ClauseType.REVENUE_PROFIT_SHARING,
        ClauseType.PRICE_RESTRICTIONS,
        ClauseType.MINIMUM_COMMITMENT,
        ClauseType.VOLUME_RESTRICTION,
        ClauseType.JOINT_IP_OWNERSHIP,
        ClauseType.NON_TRANSFERABLE_LICENSE,
        ClauseType.AFFILIATE_LICENSE_LICENSOR,
        ClauseType.AFFILIATE_LICENSE_LICENSEE,
        ClauseType.UNLIMITED_LICENSE,
        ClauseType.IRREVOCABLE_OR_PERPETUAL_LICENSE,
        ClauseType.SOURCE_CODE_ESCROW,
        ClauseType.LIQUIDATED_DAMAGES,
        ClauseType.WARRANTY_DURATION,
        ClauseType.COVENANT_NOT_TO_SUE,
        ClauseType.THIRD_PARTY_BENEFICIARY,
    }
)
