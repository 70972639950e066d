//
// The method table of the interop assembly CommsHub.Firmware.Crypto.Native, as nf-interpreter registers interop
// assemblies (NF_INTEROP_ASSEMBLIES, FindINTEROP-CommsHub.Firmware.Crypto.Native.cmake).
//
// The table lists the native methods in the metadata processor's order: types in the assembly's TypeDef order,
// each type's methods virtual first, then instance, then static, in declaration order, with NULL for methods that
// have IL. CryptoNatives is the assembly's only type and has only static extern methods, so the table is exactly
// its methods in declaration order (managed/CommsHub.Firmware.Crypto.Native/CryptoNatives.cs).
//
// The checksum ties this table to the managed assembly: nanoCLR refuses to bind the assembly when the checksum in
// its .pe differs. The metadata processor computes it when it converts the assembly (and writes it into the
// generated Stubs/.../CommsHub_Firmware_Crypto_Native.cpp). 0x3BBC3F72 is what nanoframework/metadata-processor
// main (4541b46b) computed for CryptoNatives.cs as it is now, from the assembly compiled against CoreLibrary
// 1.17.11 (README.md, "The native checksum"); CTest's interop_consistency recomputes it from the declarations the
// processor's way, so a changed method fails the build until this value is regenerated.
//

#include "CommsHub_Firmware_Crypto_Native.h"

// clang-format off

static const CLR_RT_MethodHandler method_lookup[] =
{
    Library_CommsHub_Firmware_Crypto_Native_CommsHub_Firmware_Crypto_Native_CryptoNatives::Sha256___STATIC__I4__SZARRAY_U1__I4__I4__SZARRAY_U1__I4__I4__SZARRAY_U1__I4,
    Library_CommsHub_Firmware_Crypto_Native_CommsHub_Firmware_Crypto_Native_CryptoNatives::ImportPrivateKey___STATIC__I4__SZARRAY_U1__I4__SZARRAY_U1__SZARRAY_U4,
    Library_CommsHub_Firmware_Crypto_Native_CommsHub_Firmware_Crypto_Native_CryptoNatives::DestroyKey___STATIC__I4__U4,
    Library_CommsHub_Firmware_Crypto_Native_CommsHub_Firmware_Crypto_Native_CryptoNatives::EcdsaSign___STATIC__I4__U4__SZARRAY_U1__I4__I4__SZARRAY_U1__I4,
    Library_CommsHub_Firmware_Crypto_Native_CommsHub_Firmware_Crypto_Native_CryptoNatives::EcdsaVerify___STATIC__I4__SZARRAY_U1__SZARRAY_U1__I4__I4__SZARRAY_U1__I4__I4,
    Library_CommsHub_Firmware_Crypto_Native_CommsHub_Firmware_Crypto_Native_CryptoNatives::EcdhSharedSecret___STATIC__I4__U4__SZARRAY_U1__SZARRAY_U1__I4,
    Library_CommsHub_Firmware_Crypto_Native_CommsHub_Firmware_Crypto_Native_CryptoNatives::AesGcmEncrypt___STATIC__I4__SZARRAY_U1__SZARRAY_U1__SZARRAY_U1__I4__I4__SZARRAY_U1__I4__I4__SZARRAY_U1__I4__SZARRAY_U1__I4__I4,
    Library_CommsHub_Firmware_Crypto_Native_CommsHub_Firmware_Crypto_Native_CryptoNatives::AesGcmDecrypt___STATIC__I4__SZARRAY_U1__SZARRAY_U1__SZARRAY_U1__I4__I4__SZARRAY_U1__I4__I4__SZARRAY_U1__I4__I4__SZARRAY_U1__I4,
};

const CLR_RT_NativeAssemblyData g_CLR_AssemblyNative_CommsHub_Firmware_Crypto_Native =
{
    "CommsHub.Firmware.Crypto.Native",
    0x3BBC3F72, // native checksum: the metadata processor's value for CryptoNatives.cs (see above)
    method_lookup,
    { 1, 0, 0, 0 } // = [assembly: AssemblyNativeVersion("1.0.0.0")]
};

// clang-format on
