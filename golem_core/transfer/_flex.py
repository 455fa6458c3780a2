"""FlexBuffers, the body format of GSB messages, for golem_core.

The codec lives in golem_localnet for now; this module is the only place
golem_core imports it from, so moving it is a one-line change here.
"""

from golem_core.flexbuffers import CodecError, Flex, FlexValue, decode, encode

__all__ = ["CodecError", "Flex", "FlexValue", "decode", "encode"]
