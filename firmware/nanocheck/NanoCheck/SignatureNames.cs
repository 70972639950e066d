using System.Collections.Immutable;
using System.Reflection.Metadata;

namespace CommsHub.NanoCheck;

/// <summary>A decoded signature type: its display name and whether it is or contains a generic instantiation / generic parameter.</summary>
public sealed record SigType(string Name, bool Generic)
{
    /// <summary>Every generic construct inside this type, outermost first (for messages).</summary>
    public override string ToString() => Name;
}

/// <summary>
/// Decodes signature blobs (fields, methods, locals, member refs, type specs) into readable names and flags
/// GENERICINST, VAR and MVAR wherever they occur, however deeply nested (arrays, pointers, byrefs, modifiers).
/// </summary>
public sealed class SignatureNames(MetadataReader md) : ISignatureTypeProvider<SigType, object?>
{
    public SigType GetPrimitiveType(PrimitiveTypeCode typeCode) => new(typeCode switch
    {
        PrimitiveTypeCode.Boolean => "bool",
        PrimitiveTypeCode.Byte => "byte",
        PrimitiveTypeCode.SByte => "sbyte",
        PrimitiveTypeCode.Char => "char",
        PrimitiveTypeCode.Int16 => "short",
        PrimitiveTypeCode.UInt16 => "ushort",
        PrimitiveTypeCode.Int32 => "int",
        PrimitiveTypeCode.UInt32 => "uint",
        PrimitiveTypeCode.Int64 => "long",
        PrimitiveTypeCode.UInt64 => "ulong",
        PrimitiveTypeCode.Single => "float",
        PrimitiveTypeCode.Double => "double",
        PrimitiveTypeCode.String => "string",
        PrimitiveTypeCode.Object => "object",
        PrimitiveTypeCode.Void => "void",
        PrimitiveTypeCode.IntPtr => "nint",
        PrimitiveTypeCode.UIntPtr => "nuint",
        PrimitiveTypeCode.TypedReference => "System.TypedReference",
        _ => typeCode.ToString(),
    }, false);

    public SigType GetTypeFromDefinition(MetadataReader reader, TypeDefinitionHandle handle, byte rawTypeKind) =>
        new(TypeName(handle), false);

    public SigType GetTypeFromReference(MetadataReader reader, TypeReferenceHandle handle, byte rawTypeKind) =>
        new(TypeName(handle), false);

    public SigType GetTypeFromSpecification(MetadataReader reader, object? genericContext, TypeSpecificationHandle handle, byte rawTypeKind) =>
        reader.GetTypeSpecification(handle).DecodeSignature(this, genericContext);

    public SigType GetGenericInstantiation(SigType genericType, ImmutableArray<SigType> typeArguments) =>
        new($"{StripArity(genericType.Name)}<{string.Join(", ", typeArguments.Select(a => a.Name))}>", true);

    public SigType GetGenericTypeParameter(object? genericContext, int index) => new($"!{index}", true);
    public SigType GetGenericMethodParameter(object? genericContext, int index) => new($"!!{index}", true);
    public SigType GetSZArrayType(SigType elementType) => elementType with { Name = elementType.Name + "[]" };
    public SigType GetArrayType(SigType elementType, ArrayShape shape) =>
        elementType with { Name = $"{elementType.Name}[{new string(',', shape.Rank - 1)}]" };
    public SigType GetPointerType(SigType elementType) => elementType with { Name = elementType.Name + "*" };
    public SigType GetByReferenceType(SigType elementType) => elementType with { Name = "ref " + elementType.Name };
    public SigType GetPinnedType(SigType elementType) => elementType with { Name = elementType.Name + " pinned" };
    public SigType GetModifiedType(SigType modifier, SigType unmodifiedType, bool isRequired) =>
        new(unmodifiedType.Name, unmodifiedType.Generic || modifier.Generic);
    public SigType GetFunctionPointerType(MethodSignature<SigType> signature) =>
        new($"delegate*<{string.Join(", ", signature.ParameterTypes.Append(signature.ReturnType).Select(t => t.Name))}>",
            Generic(signature).Any());

    /// <summary>The generic types in a method signature (return type first, then parameters).</summary>
    public static IEnumerable<SigType> Generic(MethodSignature<SigType> sig) =>
        sig.ParameterTypes.Prepend(sig.ReturnType).Where(t => t.Generic);

    /// <summary>Full name of a type definition; nested types as Outer+Inner.</summary>
    public string TypeName(TypeDefinitionHandle handle)
    {
        var t = md.GetTypeDefinition(handle);
        var name = md.GetString(t.Name);
        var declaring = t.GetDeclaringType();
        if (!declaring.IsNil) return TypeName(declaring) + "+" + name;
        var ns = md.GetString(t.Namespace);
        return ns.Length == 0 ? name : ns + "." + name;
    }

    /// <summary>Full name of a type reference; nested types as Outer+Inner.</summary>
    public string TypeName(TypeReferenceHandle handle)
    {
        var t = md.GetTypeReference(handle);
        var name = md.GetString(t.Name);
        if (t.ResolutionScope.Kind == HandleKind.TypeReference)
            return TypeName((TypeReferenceHandle)t.ResolutionScope) + "+" + name;
        var ns = md.GetString(t.Namespace);
        return ns.Length == 0 ? name : ns + "." + name;
    }

    /// <summary>Display name of any type handle (def, ref or spec).</summary>
    public SigType Type(EntityHandle handle) => handle.Kind switch
    {
        HandleKind.TypeDefinition => new(TypeName((TypeDefinitionHandle)handle), false),
        HandleKind.TypeReference => new(TypeName((TypeReferenceHandle)handle), false),
        HandleKind.TypeSpecification => md.GetTypeSpecification((TypeSpecificationHandle)handle).DecodeSignature(this, null),
        _ => new(handle.Kind.ToString(), false),
    };

    private static string StripArity(string name)
    {
        var tick = name.LastIndexOf('`');
        return tick < 0 ? name : name[..tick];
    }
}
