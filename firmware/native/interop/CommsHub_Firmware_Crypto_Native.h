//
// Native declarations of the interop assembly CommsHub.Firmware.Crypto.Native (firmware/native/README.md).
// Shaped as nf-interpreter's interop headers (the metadata processor's <Assembly>.h): one Library_<assembly>_<class>
// struct per managed class with native methods, named <method>___STATIC__<return>__<parameters>.
//

#ifndef COMMSHUB_FIRMWARE_CRYPTO_NATIVE_H
#define COMMSHUB_FIRMWARE_CRYPTO_NATIVE_H

#include <nanoCLR_Interop.h>
#include <nanoCLR_Runtime.h>
#include <nanoPackStruct.h>

struct Library_CommsHub_Firmware_Crypto_Native_CommsHub_Firmware_Crypto_Native_CryptoNatives
{
    NANOCLR_NATIVE_DECLARE(Sha256___STATIC__I4__SZARRAY_U1__I4__I4__SZARRAY_U1__I4__I4__SZARRAY_U1__I4);
    NANOCLR_NATIVE_DECLARE(ImportPrivateKey___STATIC__I4__SZARRAY_U1__I4__SZARRAY_U1__SZARRAY_U4);
    NANOCLR_NATIVE_DECLARE(DestroyKey___STATIC__I4__U4);
    NANOCLR_NATIVE_DECLARE(EcdsaSign___STATIC__I4__U4__SZARRAY_U1__I4__I4__SZARRAY_U1__I4);
    NANOCLR_NATIVE_DECLARE(EcdsaVerify___STATIC__I4__SZARRAY_U1__SZARRAY_U1__I4__I4__SZARRAY_U1__I4__I4);
    NANOCLR_NATIVE_DECLARE(EcdhSharedSecret___STATIC__I4__U4__SZARRAY_U1__SZARRAY_U1__I4);
    NANOCLR_NATIVE_DECLARE(
        AesGcmEncrypt___STATIC__I4__SZARRAY_U1__SZARRAY_U1__SZARRAY_U1__I4__I4__SZARRAY_U1__I4__I4__SZARRAY_U1__I4__SZARRAY_U1__I4__I4);
    NANOCLR_NATIVE_DECLARE(
        AesGcmDecrypt___STATIC__I4__SZARRAY_U1__SZARRAY_U1__SZARRAY_U1__I4__I4__SZARRAY_U1__I4__I4__SZARRAY_U1__I4__I4__SZARRAY_U1__I4);

    //--//
};

extern const CLR_RT_NativeAssemblyData g_CLR_AssemblyNative_CommsHub_Firmware_Crypto_Native;

#endif // COMMSHUB_FIRMWARE_CRYPTO_NATIVE_H
