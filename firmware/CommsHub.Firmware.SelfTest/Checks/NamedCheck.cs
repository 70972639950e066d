namespace CommsHub.Firmware.SelfTest.Checks
{
    /// <summary>The body of a check: null when it passes, otherwise why it failed.</summary>
    public delegate string SelfTestBody();

    /// <summary>A check made of a name and a static method (no lambdas: one shape that every board's runtime handles).</summary>
    public sealed class NamedCheck : ISelfTestCheck
    {
        private readonly string _name;
        private readonly SelfTestBody _body;

        /// <summary>Creates the check.</summary>
        public NamedCheck(string name, SelfTestBody body)
        {
            _name = name;
            _body = body;
        }

        /// <inheritdoc />
        public string Name { get { return _name; } }

        /// <inheritdoc />
        public string Run() { return _body(); }
    }
}
