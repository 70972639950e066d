using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;

namespace CommsHub.NanoCheck;

/// <summary>
/// The nanoFramework 1.x rules applied to one assembly's metadata and IL:
/// no assembly references beyond mscorlib and the allow-list; no generics anywhere (GenericParam, MethodSpec,
/// GENERICINST/VAR/MVAR in any signature or TypeSpec, generic type definitions referenced by token);
/// no IL opcodes that nanoCLR's interpreter lacks.
/// </summary>
public sealed class MetadataRules
{
    private readonly MetadataReader _md;
    private readonly PEReader _pe;
    private readonly SignatureNames _names;
    private readonly IReadOnlySet<string> _allowedReferences;
    private readonly List<Finding> _findings = [];
    private readonly HashSet<(string, string)> _seen = [];
    // Table rows already reported from a specific member, so the table-wide sweep only reports the rest.
    private readonly HashSet<EntityHandle> _covered = [];

    private MetadataRules(PEReader pe, IEnumerable<string> allowedReferences)
    {
        _pe = pe;
        _md = pe.GetMetadataReader();
        _names = new SignatureNames(_md);
        _allowedReferences = new HashSet<string>(allowedReferences.Append("mscorlib"), StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>Checks the assembly at <paramref name="path"/>; throws <see cref="BadImageFormatException"/> if it is not a .NET assembly.</summary>
    public static CheckResult Check(string path, IEnumerable<string> allowedReferences)
    {
        using var pe = new PEReader(File.OpenRead(path));
        if (!pe.HasMetadata) throw new BadImageFormatException($"{path}: not a .NET assembly (no metadata)");
        var rules = new MetadataRules(pe, allowedReferences);
        rules.Run();
        var md = rules._md;
        return new CheckResult(Path.GetFileName(path), Math.Max(0, md.TypeDefinitions.Count - 1), md.MethodDefinitions.Count, rules._findings);
    }

    private void Report(string location, string problem)
    {
        if (_seen.Add((location, problem))) _findings.Add(new Finding(location, problem));
    }

    private void Run()
    {
        CheckAssemblyReferences();
        foreach (var th in _md.TypeDefinitions) CheckType(th);
        SweepTables();
    }

    private void CheckAssemblyReferences()
    {
        foreach (var h in _md.AssemblyReferences)
        {
            var name = _md.GetAssemblyReference(h).GetAssemblyName();
            if (!_allowedReferences.Contains(name.Name ?? ""))
                Report("<assembly>", $"references assembly {name.FullName} (only mscorlib and the allow-list may be referenced)");
        }
    }

    private void CheckType(TypeDefinitionHandle th)
    {
        var t = _md.GetTypeDefinition(th);
        var typeName = _names.TypeName(th);

        var gps = t.GetGenericParameters();
        if (gps.Count > 0)
            Report(typeName, $"generic type definition with {gps.Count} type parameter(s) (nanoCLR 1.x has no generics)");

        if (!t.BaseType.IsNil) CheckTypeUse(typeName, t.BaseType, "base type");
        foreach (var ih in t.GetInterfaceImplementations())
            CheckTypeUse(typeName, _md.GetInterfaceImplementation(ih).Interface, "implemented interface");

        foreach (var fh in t.GetFields())
        {
            var f = _md.GetFieldDefinition(fh);
            var sig = f.DecodeSignature(_names, null);
            if (sig.Generic) Report($"{typeName}.{_md.GetString(f.Name)}", $"field of generic type {sig.Name}");
        }

        foreach (var mh in t.GetMethods()) CheckMethod(typeName, mh);
    }

    private void CheckTypeUse(string location, EntityHandle typeHandle, string what)
    {
        var type = _names.Type(typeHandle);
        if (type.Generic)
        {
            Report(location, $"{what} {type.Name} is a generic instantiation");
            _covered.Add(typeHandle);
        }
    }

    private void CheckMethod(string typeName, MethodDefinitionHandle mh)
    {
        var m = _md.GetMethodDefinition(mh);
        var location = $"{typeName}.{_md.GetString(m.Name)}";

        var gps = m.GetGenericParameters();
        if (gps.Count > 0)
            Report(location, $"generic method definition with {gps.Count} type parameter(s) (nanoCLR 1.x has no generics)");

        foreach (var g in SignatureNames.Generic(m.DecodeSignature(_names, null)))
            Report(location, $"signature uses generic type {g.Name}");

        if (m.RelativeVirtualAddress == 0) return; // abstract, extern, runtime-implemented (delegates)
        var body = _pe.GetMethodBody(m.RelativeVirtualAddress);

        if (!body.LocalSignature.IsNil)
        {
            var locals = _md.GetStandaloneSignature(body.LocalSignature).DecodeLocalSignature(_names, null);
            foreach (var local in locals.Where(l => l.Generic))
                Report(location, $"local variable of generic type {local.Name}");
        }

        foreach (var region in body.ExceptionRegions)
            if (!region.CatchType.IsNil) CheckTypeUse(location, region.CatchType, "caught exception type");

        List<IlInstruction> il;
        try { il = IlScanner.Decode(body.GetILBytes() ?? []); }
        catch (BadImageFormatException e) { Report(location, $"cannot decode IL: {e.Message}"); return; }

        foreach (var ins in il)
        {
            if (IlScanner.Unsupported.TryGetValue(ins.OpCode.Value, out var what))
                Report(location, $"unsupported opcode {what} at IL_{ins.Offset:X4}");
            var token = IlScanner.TokenHandle(ins);
            if (!token.IsNil) CheckTokenUse(location, ins, token);
        }
    }

    /// <summary>A metadata token used by an IL instruction: generic instantiations and generic definitions are reported at the using method.</summary>
    private void CheckTokenUse(string location, IlInstruction ins, EntityHandle token)
    {
        var op = ins.OpCode.Name;
        switch (token.Kind)
        {
            case HandleKind.MethodSpecification:
                Report(location, $"{op} of generic method instantiation {DescribeMethodSpec((MethodSpecificationHandle)token)}");
                _covered.Add(token);
                break;
            case HandleKind.MemberReference:
                if (GenericMemberRef((MemberReferenceHandle)token, out var desc))
                {
                    Report(location, $"{op} of member of generic type {desc}");
                    _covered.Add(token);
                }
                break;
            case HandleKind.TypeSpecification:
                var spec = _names.Type(token);
                if (spec.Generic)
                {
                    Report(location, $"{op} of generic type {spec.Name}");
                    _covered.Add(token);
                }
                break;
            case HandleKind.TypeReference:
                var tref = _names.TypeName((TypeReferenceHandle)token);
                if (tref.Contains('`')) Report(location, $"{op} of generic type definition {tref}");
                break;
            case HandleKind.StandaloneSignature: // calli site (already reported as an unsupported opcode)
                var sig = _md.GetStandaloneSignature((StandaloneSignatureHandle)token);
                if (sig.GetKind() == StandaloneSignatureKind.Method)
                    foreach (var g in SignatureNames.Generic(sig.DecodeMethodSignature(_names, null)))
                        Report(location, $"{op} signature uses generic type {g.Name}");
                break;
        }
    }

    /// <summary>True if a member reference's parent is a generic instantiation or its signature mentions generics.</summary>
    private bool GenericMemberRef(MemberReferenceHandle h, out string description)
    {
        var mr = _md.GetMemberReference(h);
        var name = _md.GetString(mr.Name);
        var parent = mr.Parent.Kind is HandleKind.TypeDefinition or HandleKind.TypeReference or HandleKind.TypeSpecification
            ? _names.Type(mr.Parent) : new SigType(mr.Parent.Kind.ToString(), false);
        var generic = parent.Generic || parent.Name.Contains('`');
        string? detail = null;
        if (mr.GetKind() == MemberReferenceKind.Method)
        {
            var g = SignatureNames.Generic(mr.DecodeMethodSignature(_names, null)).FirstOrDefault();
            if (g != null) { generic = true; detail = g.Name; }
        }
        else
        {
            var f = mr.DecodeFieldSignature(_names, null);
            if (f.Generic) { generic = true; detail = f.Name; }
        }
        description = $"{parent.Name}.{name}" + (detail != null && !parent.Generic ? $" (signature uses {detail})" : "");
        if (generic && mr.Parent.Kind == HandleKind.TypeSpecification) _covered.Add(mr.Parent);
        return generic;
    }

    private string DescribeMethodSpec(MethodSpecificationHandle h)
    {
        var ms = _md.GetMethodSpecification(h);
        var args = ms.DecodeSignature(_names, null);
        string method = ms.Method.Kind switch
        {
            HandleKind.MethodDefinition => MethodDefName((MethodDefinitionHandle)ms.Method),
            HandleKind.MemberReference => MemberRefName((MemberReferenceHandle)ms.Method),
            _ => ms.Method.Kind.ToString(),
        };
        return $"{method}<{string.Join(", ", args.Select(a => a.Name))}>";
    }

    private string MethodDefName(MethodDefinitionHandle h)
    {
        var m = _md.GetMethodDefinition(h);
        return $"{_names.TypeName(m.GetDeclaringType())}.{_md.GetString(m.Name)}";
    }

    private string MemberRefName(MemberReferenceHandle h)
    {
        var mr = _md.GetMemberReference(h);
        var parent = mr.Parent.Kind is HandleKind.TypeDefinition or HandleKind.TypeReference or HandleKind.TypeSpecification
            ? _names.Type(mr.Parent).Name : mr.Parent.Kind.ToString();
        return $"{parent}.{_md.GetString(mr.Name)}";
    }

    /// <summary>
    /// Table-wide sweep: generic rows not already reported at a member (e.g. used only by a custom attribute
    /// or a MethodImpl) are reported at &lt;module&gt;, so nothing generic passes unseen.
    /// </summary>
    private void SweepTables()
    {
        for (var row = 1; row <= _md.GetTableRowCount(TableIndex.GenericParam); row++)
        {
            var gp = _md.GetGenericParameter(MetadataTokens.GenericParameterHandle(row));
            if (gp.Parent.Kind is HandleKind.TypeDefinition or HandleKind.MethodDefinition) continue; // reported at its owner
            Report("<module>", $"GenericParam row {_md.GetString(gp.Name)} owned by {gp.Parent.Kind}");
        }
        for (var row = 1; row <= _md.GetTableRowCount(TableIndex.MethodSpec); row++)
        {
            var h = MetadataTokens.MethodSpecificationHandle(row);
            if (!_covered.Contains(h)) Report("<module>", $"MethodSpec row: generic method instantiation {DescribeMethodSpec(h)}");
        }
        foreach (var h in _md.MemberReferences)
            if (!_covered.Contains(h) && GenericMemberRef(h, out var desc))
                Report("<module>", $"member reference to generic type {desc}");
        for (var row = 1; row <= _md.GetTableRowCount(TableIndex.TypeSpec); row++)
        {
            var h = MetadataTokens.TypeSpecificationHandle(row);
            var spec = _names.Type(h);
            if (spec.Generic && !_covered.Contains(h)) Report("<module>", $"TypeSpec row: generic type {spec.Name}");
        }
    }
}
