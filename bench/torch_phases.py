"""The three timed phases of one training step of a PyTorch flow, shared by the benchmark scripts of this folder:
the negative log-likelihood of a fixed batch (forward), with its gradient (forward_backward), and a whole Adam step
with the gradient norm clipped at max_norm (step; skipped when the norm is not finite)."""
import torch


def training_phases(model, batch, learning_rate, max_norm):
    """Returns (forward, forward_backward, step) for model.log_prob on batch."""
    optimizer = torch.optim.Adam(model.parameters(), lr=learning_rate)
    params = list(model.parameters())

    def forward():
        with torch.enable_grad():
            return -model.log_prob(batch).mean()

    def forward_backward():
        optimizer.zero_grad(set_to_none=False)
        forward().backward()

    def step():
        forward_backward()
        norm = torch.nn.utils.clip_grad_norm_(params, max_norm)
        if torch.isfinite(norm):
            optimizer.step()

    return forward, forward_backward, step
