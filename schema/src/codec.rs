//! A tonic codec for messages known only at run time: it writes any
//! `DynamicMessage`, and reads replies as the method's output message. The
//! worker uses it with tonic-web-wasm-client; the tests with a tonic channel.

use prost::Message;
use prost_reflect::{DynamicMessage, MessageDescriptor, MethodDescriptor};
use tonic::{
    Status,
    codec::{Codec, DecodeBuf, Decoder, EncodeBuf, Encoder},
};

/// Encodes `DynamicMessage`s and decodes replies as one message type.
#[derive(Debug, Clone)]
pub struct DynamicCodec {
    response: MessageDescriptor,
}

impl DynamicCodec {
    /// A codec whose replies are `response` messages.
    pub fn new(response: MessageDescriptor) -> DynamicCodec {
        DynamicCodec { response }
    }

    /// The codec for calls of `method`.
    pub fn for_method(method: &MethodDescriptor) -> DynamicCodec {
        DynamicCodec::new(method.output())
    }
}

impl Codec for DynamicCodec {
    type Encode = DynamicMessage;
    type Decode = DynamicMessage;
    type Encoder = DynamicEncoder;
    type Decoder = DynamicDecoder;

    fn encoder(&mut self) -> DynamicEncoder {
        DynamicEncoder(())
    }

    fn decoder(&mut self) -> DynamicDecoder {
        DynamicDecoder(self.response.clone())
    }
}

/// Writes a `DynamicMessage` in the protobuf encoding.
#[derive(Debug, Clone)]
pub struct DynamicEncoder(());

impl Encoder for DynamicEncoder {
    type Item = DynamicMessage;
    type Error = Status;

    fn encode(&mut self, item: DynamicMessage, dst: &mut EncodeBuf<'_>) -> Result<(), Status> {
        // The buffer grows as needed, so encoding cannot run out of room.
        item.encode(dst)
            .map_err(|err| Status::internal(format!("encoding the request: {err}")))
    }
}

/// Reads a reply as the message type the codec was made for.
#[derive(Debug, Clone)]
pub struct DynamicDecoder(MessageDescriptor);

impl Decoder for DynamicDecoder {
    type Item = DynamicMessage;
    type Error = Status;

    fn decode(&mut self, src: &mut DecodeBuf<'_>) -> Result<Option<DynamicMessage>, Status> {
        // INTERNAL for bytes that do not parse, as gRPC's status code guide says.
        DynamicMessage::decode(self.0.clone(), src)
            .map(Some)
            .map_err(|err| {
                Status::internal(format!(
                    "the reply is not a valid {}: {err}",
                    self.0.full_name()
                ))
            })
    }
}
