"""yapapi's gftp storage provider: golem_hl needs no `gftp` process (files go over yagna's
GSB API, golem_core.transfer); the path exists so imports succeed, its names are allow-listed.
"""

__all__: list[str] = []
