//
// Native methods of CommsHub.Firmware.Crypto.Native.CryptoNatives: marshalling only. Each method takes its
// arguments off the nanoCLR stack frame, checks every managed array range (a null array is an empty range), calls
// the plain C API in ../include/commshub_crypto.h (built and tested on Linux, see ../README.md) and returns its
// status as the method's int result. Nothing here throws for bad input: the managed wrapper
// (CommsHub.Firmware.Crypto.NativeGbcsCrypto) turns statuses into exceptions and verdicts.
//
// Arrays do not move during a native call (nanoCLR's GC runs between instructions), so pointers into them are
// stable until the method returns.
//

#include "CommsHub_Firmware_Crypto_Native.h"

#include "commshub_crypto.h"

typedef Library_CommsHub_Firmware_Crypto_Native_CommsHub_Firmware_Crypto_Native_CryptoNatives CryptoNatives;

namespace
{
// A managed byte[] range [offset, offset + count) as a pointer; false when it is not inside the array.
bool ByteRange(CLR_RT_HeapBlock &argument, CLR_INT32 offset, CLR_INT32 count, CLR_UINT8 *&pointer)
{
    CLR_RT_HeapBlock_Array *array = argument.DereferenceArray();
    size_t length = array != NULL ? array->m_numOfElements : 0;
    if (!commshub_range_ok(length, offset, count))
    {
        return false;
    }
    pointer = array != NULL ? array->GetFirstElement() + offset : NULL;
    return true;
}

// A whole managed byte[] (a key, an IV, a point): pointer and length; NULL and 0 for a null array.
CLR_UINT8 *WholeArray(CLR_RT_HeapBlock &argument, size_t &length)
{
    CLR_RT_HeapBlock_Array *array = argument.DereferenceArray();
    length = array != NULL ? array->m_numOfElements : 0;
    return array != NULL ? array->GetFirstElement() : NULL;
}

CLR_INT32 Int32Argument(CLR_RT_HeapBlock &argument)
{
    return argument.NumericByRef().s4;
}

commshub_key_id KeyArgument(CLR_RT_HeapBlock &argument)
{
    return (commshub_key_id)argument.NumericByRef().u4;
}
} // namespace

HRESULT CryptoNatives::Sha256___STATIC__I4__SZARRAY_U1__I4__I4__SZARRAY_U1__I4__I4__SZARRAY_U1__I4(
    CLR_RT_StackFrame &stack)
{
    NANOCLR_HEADER();

    CLR_UINT8 *first = NULL, *second = NULL, *digest = NULL;
    CLR_INT32 firstCount = Int32Argument(stack.Arg2());
    CLR_INT32 secondCount = Int32Argument(stack.Arg5());
    commshub_status status = COMMSHUB_BAD_ARGUMENT;

    if (ByteRange(stack.Arg0(), Int32Argument(stack.Arg1()), firstCount, first) &&
        ByteRange(stack.Arg3(), Int32Argument(stack.Arg4()), secondCount, second) &&
        ByteRange(stack.Arg6(), Int32Argument(stack.Arg7()), COMMSHUB_SHA256_LENGTH, digest))
    {
        status = commshub_sha256_two(first, (size_t)firstCount, second, (size_t)secondCount, digest);
    }
    stack.SetResult_I4(status);

    NANOCLR_NOCLEANUP_NOLABEL();
}

HRESULT CryptoNatives::ImportPrivateKey___STATIC__I4__SZARRAY_U1__I4__SZARRAY_U1__SZARRAY_U4(CLR_RT_StackFrame &stack)
{
    NANOCLR_HEADER();

    size_t scalarLength, publicKeyLength;
    CLR_UINT8 *scalar = WholeArray(stack.Arg0(), scalarLength);
    CLR_INT32 usage = Int32Argument(stack.Arg1());
    CLR_UINT8 *publicKey = WholeArray(stack.Arg2(), publicKeyLength);
    CLR_RT_HeapBlock_Array *keyIds = stack.Arg3().DereferenceArray();
    commshub_status status = COMMSHUB_BAD_ARGUMENT;

    if (scalarLength == COMMSHUB_P256_FIELD_LENGTH && publicKeyLength == COMMSHUB_P256_POINT_LENGTH &&
        keyIds != NULL && keyIds->m_numOfElements == 1)
    {
        commshub_key_id key = 0;
        status = commshub_key_import(scalar, (commshub_key_usage)usage, &key, publicKey);
        *(CLR_UINT32 *)keyIds->GetFirstElement() = key;
    }
    stack.SetResult_I4(status);

    NANOCLR_NOCLEANUP_NOLABEL();
}

HRESULT CryptoNatives::DestroyKey___STATIC__I4__U4(CLR_RT_StackFrame &stack)
{
    NANOCLR_HEADER();

    stack.SetResult_I4(commshub_key_destroy(KeyArgument(stack.Arg0())));

    NANOCLR_NOCLEANUP_NOLABEL();
}

HRESULT CryptoNatives::EcdsaSign___STATIC__I4__U4__SZARRAY_U1__I4__I4__SZARRAY_U1__I4(CLR_RT_StackFrame &stack)
{
    NANOCLR_HEADER();

    CLR_UINT8 *data = NULL, *signature = NULL;
    CLR_INT32 count = Int32Argument(stack.Arg3());
    commshub_status status = COMMSHUB_BAD_ARGUMENT;

    if (ByteRange(stack.Arg1(), Int32Argument(stack.Arg2()), count, data) &&
        ByteRange(stack.Arg4(), Int32Argument(stack.Arg5()), COMMSHUB_SIGNATURE_LENGTH, signature))
    {
        status = commshub_ecdsa_sign(KeyArgument(stack.Arg0()), data, (size_t)count, signature);
    }
    stack.SetResult_I4(status);

    NANOCLR_NOCLEANUP_NOLABEL();
}

HRESULT CryptoNatives::EcdsaVerify___STATIC__I4__SZARRAY_U1__SZARRAY_U1__I4__I4__SZARRAY_U1__I4__I4(
    CLR_RT_StackFrame &stack)
{
    NANOCLR_HEADER();

    size_t publicKeyLength;
    CLR_UINT8 *publicKey = WholeArray(stack.Arg0(), publicKeyLength);
    CLR_UINT8 *data = NULL, *signature = NULL;
    CLR_INT32 count = Int32Argument(stack.Arg3());
    CLR_INT32 signatureCount = Int32Argument(stack.Arg6());
    commshub_status status = COMMSHUB_BAD_ARGUMENT;

    if (ByteRange(stack.Arg1(), Int32Argument(stack.Arg2()), count, data) &&
        ByteRange(stack.Arg4(), Int32Argument(stack.Arg5()), signatureCount, signature))
    {
        status = commshub_ecdsa_verify(publicKey, publicKeyLength, data, (size_t)count, signature, (size_t)signatureCount);
    }
    stack.SetResult_I4(status);

    NANOCLR_NOCLEANUP_NOLABEL();
}

HRESULT CryptoNatives::EcdhSharedSecret___STATIC__I4__U4__SZARRAY_U1__SZARRAY_U1__I4(CLR_RT_StackFrame &stack)
{
    NANOCLR_HEADER();

    size_t peerLength;
    CLR_UINT8 *peer = WholeArray(stack.Arg1(), peerLength);
    CLR_UINT8 *z = NULL;
    commshub_status status = COMMSHUB_BAD_ARGUMENT;

    if (ByteRange(stack.Arg2(), Int32Argument(stack.Arg3()), COMMSHUB_P256_FIELD_LENGTH, z))
    {
        status = commshub_ecdh(KeyArgument(stack.Arg0()), peer, peerLength, z);
    }
    stack.SetResult_I4(status);

    NANOCLR_NOCLEANUP_NOLABEL();
}

// The arguments both GCM methods share. Encrypt: key, iv, aad range, plaintext range (input), ciphertext offset
// (output), tag range. Decrypt: key, iv, aad range, ciphertext range (input), tag range, plaintext offset (output).
struct GcmCall
{
    CLR_UINT8 *key, *iv, *aad, *input, *output, *tag;
    size_t keyLength, ivLength;
    CLR_INT32 aadCount, count, tagLength;
};

// Arguments 0..7 are the same for both; outputArg and tagArg name where the output offset pair and the tag
// (array, offset, length) triple start. False when a range is outside its array.
static bool ResolveGcm(CLR_RT_StackFrame &stack, int outputArg, int tagArg, GcmCall &call)
{
    call.key = WholeArray(stack.Arg0(), call.keyLength);
    call.iv = WholeArray(stack.Arg1(), call.ivLength);
    call.aadCount = Int32Argument(stack.Arg4());
    call.count = Int32Argument(stack.Arg7());
    call.tagLength = Int32Argument(stack.ArgN(tagArg + 2));
    call.aad = call.input = call.output = call.tag = NULL;
    return ByteRange(stack.Arg2(), Int32Argument(stack.Arg3()), call.aadCount, call.aad) &&
           ByteRange(stack.Arg5(), Int32Argument(stack.Arg6()), call.count, call.input) &&
           ByteRange(stack.ArgN(outputArg), Int32Argument(stack.ArgN(outputArg + 1)), call.count, call.output) &&
           ByteRange(stack.ArgN(tagArg), Int32Argument(stack.ArgN(tagArg + 1)), call.tagLength, call.tag);
}

HRESULT CryptoNatives::
    AesGcmEncrypt___STATIC__I4__SZARRAY_U1__SZARRAY_U1__SZARRAY_U1__I4__I4__SZARRAY_U1__I4__I4__SZARRAY_U1__I4__SZARRAY_U1__I4__I4(
        CLR_RT_StackFrame &stack)
{
    NANOCLR_HEADER();

    GcmCall call;
    commshub_status status = COMMSHUB_BAD_ARGUMENT;
    if (ResolveGcm(stack, 8, 10, call))
    {
        status = commshub_gcm_encrypt(call.key, call.keyLength, call.iv, call.ivLength, call.aad, (size_t)call.aadCount,
            call.input, (size_t)call.count, call.output, call.tag, (size_t)call.tagLength);
    }
    stack.SetResult_I4(status);

    NANOCLR_NOCLEANUP_NOLABEL();
}

HRESULT CryptoNatives::
    AesGcmDecrypt___STATIC__I4__SZARRAY_U1__SZARRAY_U1__SZARRAY_U1__I4__I4__SZARRAY_U1__I4__I4__SZARRAY_U1__I4__I4__SZARRAY_U1__I4(
        CLR_RT_StackFrame &stack)
{
    NANOCLR_HEADER();

    GcmCall call;
    commshub_status status = COMMSHUB_BAD_ARGUMENT;
    if (ResolveGcm(stack, 11, 8, call))
    {
        status = commshub_gcm_decrypt(call.key, call.keyLength, call.iv, call.ivLength, call.aad, (size_t)call.aadCount,
            call.input, (size_t)call.count, call.tag, (size_t)call.tagLength, call.output);
    }
    stack.SetResult_I4(status);

    NANOCLR_NOCLEANUP_NOLABEL();
}
