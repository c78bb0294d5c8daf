"""The secrets an install needs. None of them is ever in a design or on the site.

Scripts and runbooks refer to each by its environment variable; the installer exports it
from their vault in the shell that runs the commands (``read -rs NAME && export NAME``).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class SecretVar:
    name: str
    purpose: str


# cloudstack-setup-databases splits "user:password@host" on ':' and '@', refuses quotes, backslashes,
# backticks and spaces, and hands the values to a shell; the runbook also puts them in SQL quotes. Keep
# them to characters neither treats specially.
_PLAIN = "; letters, digits and - _ . only"

HOST_PASSWORD = SecretVar("HOST_PASSWORD", "root password of the hypervisor hosts (addHost logs in with it)")
VCENTER_USER = SecretVar("VCENTER_USER", "vCenter account CloudStack uses for VMware clusters")
VCENTER_PASSWORD = SecretVar("VCENTER_PASSWORD", "password of that vCenter account")
RBD_USER = SecretVar("RBD_USER", "Ceph (cephx) user CloudStack uses for RBD primary storage")
RBD_SECRET = SecretVar("RBD_SECRET", "that Ceph user's key, URL-encoded")
SMB_USER = SecretVar("SMB_USER", "account that mounts the SMB shares")
SMB_PASSWORD = SecretVar("SMB_PASSWORD", "password of that SMB account")
S3_ACCESS_KEY = SecretVar("S3_ACCESS_KEY", "S3 access key of the secondary-storage bucket")
S3_SECRET_KEY = SecretVar("S3_SECRET_KEY", "S3 secret key of the secondary-storage bucket")
DB_ROOT_PASSWORD = SecretVar("DB_ROOT_PASSWORD", "MySQL root password (--deploy-as logs in with it)" + _PLAIN)
DB_CLOUD_PASSWORD = SecretVar("DB_CLOUD_PASSWORD", "password of the MySQL 'cloud' user" + _PLAIN)
DB_REPL_PASSWORD = SecretVar("DB_REPL_PASSWORD", "password of the MySQL replication user" + _PLAIN)
MS_SECRET_KEY = SecretVar("MS_SECRET_KEY", "management-server secret key (cloudstack-setup-databases -m)" + _PLAIN)
DB_SECRET_KEY = SecretVar("DB_SECRET_KEY", "database encryption key (cloudstack-setup-databases -k)" + _PLAIN)
SYSVM_TLS_KEY = SecretVar("SYSVM_TLS_KEY", "private key (PKCS#8 PEM) of the console proxy and secondary storage "
                          "VM certificate")
CS_ADMIN_PASSWORD = SecretVar("CS_ADMIN_PASSWORD", "password the CloudStack 'admin' user gets in place of the "
                              "default; choose it before the install")
CS_API_KEY = SecretVar("CS_API_KEY", "API key of the CloudStack admin account that deploys the zones "
                       "(generated in the zone phase, then kept in the vault)")
CS_SECRET_KEY = SecretVar("CS_SECRET_KEY", "secret key of that admin account")

ALL = (HOST_PASSWORD, VCENTER_USER, VCENTER_PASSWORD, RBD_USER, RBD_SECRET, SMB_USER, SMB_PASSWORD,
       S3_ACCESS_KEY, S3_SECRET_KEY, DB_ROOT_PASSWORD, DB_CLOUD_PASSWORD, DB_REPL_PASSWORD, MS_SECRET_KEY,
       DB_SECRET_KEY, SYSVM_TLS_KEY, CS_ADMIN_PASSWORD, CS_API_KEY, CS_SECRET_KEY)
# Made during the install, once the management server answers: never asked for in the pre-flight.
GENERATED = frozenset({CS_API_KEY.name, CS_SECRET_KEY.name})
BY_NAME = {s.name: s for s in ALL}


def placeholder(name: str) -> str:
    """How a secret appears in a file the installer fills in (``envsubst`` replaces it)."""
    return "${" + name + "}"
