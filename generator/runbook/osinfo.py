"""What differs between the operating systems the runbook gives commands for."""

from __future__ import annotations

from dataclasses import dataclass

from ..escape import one_line, shell
from ..model import HostOs


@dataclass(frozen=True)
class OsInfo:
    key: str
    title: str
    family: str  # ubuntu | el | xenserver | esxi | windows
    codename: str = ""
    major: int = 0

    @property
    def linux(self) -> bool:
        return self.family in ("ubuntu", "el")

    def install(self, *packages: str) -> str:
        names = " ".join(packages)
        if self.family == "ubuntu":
            return f"apt-get install -y {names}"
        return f"dnf install -y {names}"

    @property
    def mysql_config(self) -> str:
        return "/etc/mysql/mysql.conf.d/cloudstack.cnf" if self.family == "ubuntu" else "/etc/my.cnf.d/cloudstack.cnf"

    @property
    def mysql_service(self) -> str:
        return "mysql" if self.family == "ubuntu" else "mysqld"

    @property
    def mysql_package(self) -> str:
        return "mysql-server"

    @property
    def nfs_client(self) -> str:
        return "nfs-common" if self.family == "ubuntu" else "nfs-utils"

    def repository(self, version: str) -> str:
        """Commands that add the CloudStack package repository for ``version`` (major.minor)."""
        if self.family == "ubuntu":
            return (
                "wget -O - https://download.cloudstack.org/release.asc | tee /etc/apt/trusted.gpg.d/cloudstack.asc\n"
                f"echo {shell(f'deb https://download.cloudstack.org/ubuntu {self.codename} {version}')} "
                "> /etc/apt/sources.list.d/cloudstack.list\n"
                "apt-get update"
            )
        return (
            "cat > /etc/yum.repos.d/cloudstack.repo <<'EOF'\n"
            "[cloudstack]\n"
            "name=cloudstack\n"
            f"baseurl=http://download.cloudstack.org/centos/$releasever/{one_line(version)}/\n"
            "enabled=1\n"
            "gpgcheck=0\n"
            "EOF"
        )


OS = {
    HostOs.ubuntu_22_04: OsInfo("ubuntu-22.04", "Ubuntu 22.04", "ubuntu", "jammy", 22),
    HostOs.ubuntu_24_04: OsInfo("ubuntu-24.04", "Ubuntu 24.04", "ubuntu", "noble", 24),
    HostOs.el8: OsInfo("el8", "Enterprise Linux 8", "el", "", 8),
    HostOs.el9: OsInfo("el9", "Enterprise Linux 9", "el", "", 9),
    HostOs.xenserver_8: OsInfo("xenserver-8", "XenServer 8", "xenserver", "", 8),
    HostOs.xcp_ng_8: OsInfo("xcp-ng-8", "XCP-ng 8", "xenserver", "", 8),
    HostOs.esxi_7: OsInfo("esxi-7", "ESXi 7", "esxi", "", 7),
    HostOs.esxi_8: OsInfo("esxi-8", "ESXi 8", "esxi", "", 8),
    HostOs.windows_2019: OsInfo("windows-2019", "Windows Server 2019", "windows", "", 2019),
}


def os_info(os: HostOs) -> OsInfo:
    return OS[os]
