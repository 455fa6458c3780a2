"""yapapi's WebDAV storage provider: not carried over (golem_core.transfer serves files over
yagna's GSB API); the path exists so imports succeed, its names are allow-listed.
"""

__all__: list[str] = []
