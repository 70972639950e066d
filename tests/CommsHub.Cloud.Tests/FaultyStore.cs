using System.Data.Common;
using System.Reflection;
using CommsHub.Dcc.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace CommsHub.Cloud.Tests;

/// <summary>
/// The service's real store behind a pass-through proxy that throws, while armed, on one named member of the store or of
/// one of its parts (e.g. <c>IDccStore.BeginUnitOfWork</c>, <c>IQuarantineStore.Resolve</c>): a database or a bug failing
/// with text the user must never see.
/// </summary>
public sealed class FaultyStore
{
    /// <summary>Text a database's error could carry (host, user, password): it must reach the log, never a client.</summary>
    public const string Secret = "Host=db-7.internal.example;Username=commshub;Password=hunter2";

    private volatile Fault? _fault;

    /// <summary>Replaces the service's <see cref="IDccStore"/> registration with the real store behind this proxy.</summary>
    public void Install(IServiceCollection services)
    {
        var original = services.Last(d => d.ServiceType == typeof(IDccStore));
        services.Remove(original);
        services.AddSingleton(sp => Wrap((IDccStore)original.ImplementationFactory!(sp)));
    }

    /// <summary>From now on, calls of <paramref name="member"/> (<c>Interface.Member</c>) throw what <paramref name="error"/> makes.</summary>
    public void Arm(string member, Func<Exception> error) => _fault = new Fault(member, error);

    /// <summary>Calls pass through again.</summary>
    public void Disarm() => _fault = null;

    /// <summary>A database error (what the store's drivers throw) carrying <see cref="Secret"/>.</summary>
    public static Exception DatabaseError() => new FakeDbException($"connection to server failed ({Secret}): relation \"pending_requests\" is locked");

    private IDccStore Wrap(IDccStore inner) => (IDccStore)Proxy.Create(typeof(IDccStore), inner, this);

    private sealed record Fault(string Member, Func<Exception> Error);

    private sealed class FakeDbException(string message) : DbException(message);

    /// <summary>Forwards every call; throws on the armed member; wraps the store's parts (interfaces it returns) too.</summary>
    public class Proxy : DispatchProxy
    {
        private object _inner = null!;
        private Type _type = null!;
        private FaultyStore _owner = null!;

        internal static object Create(Type type, object inner, FaultyStore owner)
        {
            var proxy = (Proxy)DispatchProxy.Create(type, typeof(Proxy));
            (proxy._inner, proxy._type, proxy._owner) = (inner, type, owner);
            return proxy;
        }

        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
        {
            ArgumentNullException.ThrowIfNull(targetMethod);
            var name = targetMethod.Name.StartsWith("get_", StringComparison.Ordinal) ? targetMethod.Name[4..] : targetMethod.Name;
            if (_owner._fault is { } fault && fault.Member == $"{_type.Name}.{name}") throw fault.Error();
            object? result;
            try
            {
                result = targetMethod.Invoke(_inner, args);
            }
            catch (TargetInvocationException ex) when (ex.InnerException is not null)
            {
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(ex.InnerException);
                throw;
            }
            var returned = targetMethod.ReturnType;
            return result is not null && returned.IsInterface && returned.Namespace?.StartsWith("CommsHub.Dcc", StringComparison.Ordinal) == true
                   && returned != typeof(IDisposable)
                ? Create(returned, result, _owner)
                : result;
        }
    }
}
