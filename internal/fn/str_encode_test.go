package fn

import (
	"testing"

	"github.com/harrier-sec/harrier/internal/value"
)

func TestBase64(t *testing.T) {
	f := func(want value.Value, name string, arg value.Value) {
		t.Helper()
		strWant(t, want, name, arg)
	}
	f(strS("S3VzdG8="), "base64_encode_tostring", strS("Kusto"))
	f(strS(""), "base64_encode_tostring", strS(""))
	f(strS("Kusto"), "base64_decode_tostring", strS("S3VzdG8="))
	f(strS("Kusto"), "base64_decode_tostring", strS("S3Vz dG8=\n"))
	f(strS(""), "base64_decode_tostring", strS("U3RyaW5n0KHR0tGA0L7Rh9C60LA=")) // valid, per the docs
	f(strS(""), "base64_decode_tostring", strS("not base64!"))
	f(strS(""), "base64_decode_tostring", strS("S3VzdG8")) // missing padding
	f(strS("S3VzdG8="), "base64_encodestring", strS("Kusto"))
	f(strS("Kusto"), "base64_decodestring", strS("S3VzdG8="))
	f(strJ(t, `[75,117,115,116,111]`), "base64_decode_toarray", strS("S3VzdG8="))
	f(strNull(value.Dynamic), "base64_decode_toarray", strS("%%"))
	f(strS("S3VzdG8="), "base64_encode_fromarray", strJ(t, `[75,117,115,116,111]`))
	f(strS(""), "base64_encode_fromarray", strJ(t, `[256]`))
	f(strS("8jMxriJurkmwahbmqbIS6w=="), "base64_encode_fromguid", strG("ae3133f2-6e22-49ae-b06a-16e6a9b212eb"))
	f(strG("ae3133f2-6e22-49ae-b06a-16e6a9b212eb"), "base64_decode_toguid", strS("8jMxriJurkmwahbmqbIS6w=="))
	f(strNull(value.GUID), "base64_decode_toguid", strS("S3VzdG8="))
	f(strS(""), "base64_encode_fromguid", strNull(value.GUID))
	strCheckErr(t, "base64_encode_fromguid", strS("abcd1231"))
}

func TestHash(t *testing.T) {
	f := func(want value.Value, name string, args ...value.Value) {
		t.Helper()
		strWant(t, want, name, args...)
	}
	dt := value.NewDateTime(value.TicksFromTime(mustTime(t, "2015-01-01T00:00:00Z")))
	f(strL(1846988464401551951), "hash", strS("World"))
	f(strL(51), "hash", strS("World"), strL(100))
	f(strL(1380966698541616202), "hash", dt)
	f(strL(1846988464401551951), "hash_xxhash64", strS("World"))
	f(strL(51), "hash_xxhash64", strS("World"), strI(100))
	f(strL(1380966698541616202), "hash_xxhash64", dt)
	f(strNull(value.Long), "hash", strNull(value.Long))
	f(strNull(value.Long), "hash", strS("World"), strL(0))
	// A dynamic scalar hashes like the scalar it holds.
	f(strL(1846988464401551951), "hash", strJ(t, `"World"`))
	f(strCall(t, "hash", strL(42)), "hash", strJ(t, `42`))

	f(strS("78ae647dc5544d227130a0682a51e30bc7777fbb6d8a8f17007463a3ecd1d524"), "hash_sha256", strS("World"))
	f(strS("ba666752dc1a20eb750b0eb64e780cc4c968bc9fb8813461c1d7e750f302d71d"), "hash_sha256",
		value.NewDateTime(value.TicksFromTime(mustTime(t, "2020-01-01T00:00:00Z"))))
	f(strS("70c07ec18ef89c5309bbb0937f3a6342411e1fdd"), "hash_sha1", strS("World"))
	f(strS("f5a7924e621e84c9280a9a27e1bcb7f6"), "hash_md5", strS("World"))
	f(strS("d41d8cd98f00b204e9800998ecf8427e"), "hash_md5", strS(""))
	f(strS(""), "hash_md5", strNull(value.Long))
	f(strCall(t, "hash_md5", strS("123")), "hash_md5", strL(123))
}
